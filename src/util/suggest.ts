/**
 * "Did you mean": the one rule for what counts as a typo, shared by config errors and script
 * diagnostics so both surfaces agree. Ground floor: imports nothing.
 */

/** Levenshtein distance between two strings. */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/**
 * The candidate a misspelt `word` most likely meant, or undefined. A candidate within an edit
 * distance of a third of the word's length (at least 2) wins; failing that, the shortest candidate
 * that extends a word of 3+ characters (`lower` → `lowercase`). Case is ignored; ties go to the
 * alphabetically first candidate so messages are stable.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  let prefix: string | undefined;
  for (const c of candidates) {
    const lc = c.toLowerCase();
    const d = editDistance(w, lc);
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
    if (w.length >= 3 && lc !== w && lc.startsWith(w)) {
      if (prefix === undefined || c.length < prefix.length || (c.length === prefix.length && c < prefix)) prefix = c;
    }
  }
  if (best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3))) return best;
  return prefix;
}
