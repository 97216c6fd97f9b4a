// Counts of the conformance suite per source file and per function, and the README line
// that states them.

export interface Tally {
  subject: string;
  pass: number;
  deliberate: number;
  notYet: number;
}

/** Adds one case to its source file's tally; `reason` is its deviations.json entry, if any. */
export function tally(into: Map<string, Tally>, key: string, subject: string, reason: string | undefined): void {
  let t = into.get(key);
  if (!t) {
    t = { subject, pass: 0, deliberate: 0, notYet: 0 };
    into.set(key, t);
  }
  if (reason === undefined) t.pass++;
  else if (reason.startsWith('deliberate:')) t.deliberate++;
  else t.notYet++;
}

/** One line for README.md: totals, then passing/total per function (files of one function summed). */
export function readmeLine(tallies: Map<string, Tally>): string {
  const bySubject = new Map<string, [number, number]>();
  let pass = 0;
  let deliberate = 0;
  let notYet = 0;
  for (const t of tallies.values()) {
    const s = bySubject.get(t.subject) ?? [0, 0];
    s[0] += t.pass;
    s[1] += t.pass + t.deliberate + t.notYet;
    bySubject.set(t.subject, s);
    pass += t.pass;
    deliberate += t.deliberate;
    notYet += t.notYet;
  }
  const per = [...bySubject].sort(([a], [b]) => a.localeCompare(b)).map(([s, [p, n]]) => `${s} ${p}/${n}`).join(', ');
  return `Conformance with the Go engine's own tests: ${pass} of ${pass + deliberate + notYet} ported cases pass, ${deliberate} differ deliberately, ${notYet} not yet (per function: ${per}).`;
}
