// Guard against catastrophic backtracking.
//
// Datakit runs patterns on RE2, which is linear in the input. V8's backtracking
// engine is not: measured on Node 20 (x86-64), the seed's second grok pattern
// took 2.9 ms on 1,600 hostile characters, 11.5 ms on 3,200 and 49 ms on 6,400
// (quadratic), and a user pattern such as `^(a+)+b` took 6.2 s on just 28
// characters (exponential).
//
// V8 ships a linear-time automaton engine and can switch a regex to it once a
// match has backtracked too often. We turn that on process-wide; it only affects
// matches that would otherwise be pathological, so other code in the process
// merely gets the same protection. With it, `^(a+)+b` on 5,000 characters takes
// about 1 ms instead of never finishing.
// The fallback engine cannot run look-around, back-references or the `i` flag,
// so the RE2 translator (re2.ts) never emits them.
//
// Because the automaton is O(input × pattern), a length cap still bounds the
// worst case per call: grok inputs longer than MAX_GROK_INPUT_CHARS are treated
// as non-matching (the call returns false and writes nothing). This is a
// deliberate divergence from Datakit for huge lines; at 64 KiB the worst call
// measured (seed pattern on hostile text) stays near 40 ms.

import * as v8 from 'node:v8';

export const MAX_GROK_INPUT_CHARS = 64 * 1024;

// Backtracks allowed before switching engines. Measured with the seed pattern
// on 65,000 hostile characters (unanchored search restarts at every offset, so
// the count must be small to trigger at all): 50,000 → 6.0 s, 10,000 → 1.2 s,
// 1,000 → 154 ms, 100 → 33-39 ms; matching lines ran at the same speed (~0.7 µs
// for both seed patterns) with 100, so 100 it is.
const BACKTRACKS_BEFORE_FALLBACK = 1000;

let installed = false;

export function installRegexGuard(): void {
  if (installed) return;
  installed = true;
  v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  v8.setFlagsFromString(`--regexp-backtracks-before-fallback=${BACKTRACKS_BEFORE_FALLBACK}`);
}

installRegexGuard();
