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
// The fallback engine cannot run look-around, back-references or the `i` and
// `u` flags, so the RE2 translator (re2.ts) never emits them.
//
// Because the automaton is O(input × pattern), a length cap still bounds the
// worst case per call: grok inputs longer than MAX_GROK_INPUT_CHARS are treated
// as non-matching (the call returns false and writes nothing). This is a
// deliberate divergence from Datakit for huge lines.

import * as v8 from 'node:v8';

export const MAX_GROK_INPUT_CHARS = 64 * 1024;

// Backtracks allowed before switching engines. The timings below only make
// sense if V8 counts per start offset of an unanchored search, so the limit
// must be small to trigger at all. Measured with the seed's second pattern on 65,000 hostile
// characters: 50,000 (V8's default) → 6.0 s, 10,000 → 1.2 s, 1,000 → 154 ms,
// 100 → 35 ms. But the linear engine is slow per character (~40 µs for a 200-byte
// line with the seed's first pattern), and at 100 ordinary near-miss lines fell
// into it: the near-miss mix of bench/pipeline.ts ran at ~20k lines/s, against
// ~55-140k at 1,000. With the literal pre-check in front of every grok regex
// (runGrok), which rejects most non-matching lines before any backtracking,
// 1,000 gives ~400k lines/s on that mix and keeps a hostile 10 kB line near
// 20 ms and a 60 kB one near 120-210 ms.
const BACKTRACKS_BEFORE_FALLBACK = 1000;

let installed = false;

export function installRegexGuard(): void {
  if (installed) return;
  installed = true;
  v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  v8.setFlagsFromString(`--regexp-backtracks-before-fallback=${BACKTRACKS_BEFORE_FALLBACK}`);
}

installRegexGuard();
