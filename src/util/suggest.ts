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

/** Shortest word or candidate the prefix rule considers: below it nearly everything is a prefix of something. */
const MIN_PREFIX = 3;

/**
 * The candidate a misspelt `word` most likely meant, or undefined. A candidate within an edit
 * distance of a third of the word's length (at least 2) wins; ties go to the alphabetically first
 * candidate so messages are stable. Failing that, the prefix rule: a word that is a prefix of exactly
 * one candidate (`lower` → `lowercase`), or that begins with exactly one candidate (`endpoint_url` →
 * `endpoint`), is suggested however far apart the two are; with two such candidates the word is
 * ambiguous and nothing is suggested. Both sides of the prefix rule need 3+ characters. Case is ignored.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  const prefixed = new Set<string>();
  for (const c of candidates) {
    const lc = c.toLowerCase();
    const d = editDistance(w, lc);
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
    if (lc !== w && Math.min(w.length, lc.length) >= MIN_PREFIX && (lc.startsWith(w) || w.startsWith(lc))) {
      prefixed.add(c);
    }
  }
  if (best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3))) return best;
  return prefixed.size === 1 ? prefixed.values().next().value : undefined;
}
