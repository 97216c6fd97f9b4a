// The per-line time budget of pattern matching: no grok or regex match, built-in or user-written,
// holds a pipeline longer than the budget (`log_pipeline::match_budget`, default 5 ms per line).
// A match that runs out of it fails (no match), the script goes on, and the run reports how many
// matches failed that way (script.ts), so the line is forwarded as the script left it.
//
// Datakit runs patterns on RE2, which is linear in the input. V8's backtracking engine is not, and
// an unanchored search retries every start position: `%{HOSTPORT}` on '1.'×30000 + ':x' took 5.4 s
// and `%{EMAILADDRESS}` on 'a'×60000 + '@:.' 5.6 s, quadratic in the line length; `^(a+)+b` took
// 6.2 s on 28 characters (exponential). What was measured (Node 20, x86-64, a loaded 2-core
// machine; single runs, so read the ratios, not the digits):
//
// - V8's switch to its linear engine after N backtracks (process-wide flags, below). N counts per
//   exec (all start positions together), not per attempt: a regex that backtracks a little at each
//   of 20,000 positions switched too (0.19 ms → 1.27 s, as the linear engine ran instead). It never
//   applied to the two patterns above because V8 refuses a counted repetition over 16 in its linear
//   engine, and HOSTNAME has `{0,62}`: 17 of the 78 built-in patterns were ineligible. re2.ts now
//   spells counted repetitions out (as RE2 does), so all 78 are eligible; the hostile lines then
//   take 0.55 s (HOSTPORT) and 0.6 s (EMAILADDRESS) instead of 5-14 s: still two orders over budget.
// - V8's linear engine for every regex (`--enable-experimental-regexp-engine`, flag `l`): O(n·m)
//   for a whole unanchored search, verified (60 KB: 0.58 s HOSTPORT, 0.13 s EMAILADDRESS, growing
//   linearly), but 20-60 µs per character with big patterns, and ~40× the backtracking engine's
//   time on ordinary 200-byte lines. Not an answer on its own, and not the default engine.
// - A length guard: at 5.4 s for 60 KB, quadratic, lines would have to be cut at ~2,000 characters
//   to stay in budget, and a 28-character line is enough for an exponential pattern.
// - Anchoring or pruning start positions: no general rule; RE2 avoids the retries by running all
//   start positions in one automaton, which is the linear engine's cost profile above.
// - A worker with a deadline: the caller blocks on Atomics.wait for at most what is left of the
//   budget; a match that overruns has its worker terminated (V8 interrupts a running regex). A
//   round trip costs 5-75 µs (100 B to 60 KB of input, idle to loaded machine) against 1-100 µs
//   inline. This is the only approach with a hard bound, whatever the pattern: with it the two
//   hostile lines take 10-20 ms each (the 5 ms deadline, then waking up and terminating the
//   worker), not 5 s; a `vm` script timeout would interrupt too, but costs ~100 µs per call.
//
// So: a match runs inline when it cannot be slow, and under the worker's deadline otherwise.
// "Cannot be slow" is a regex eligible for V8's linear engine (so its backtracking is cut short)
// with input length × regex size ≤ INLINE_WORK; over the 78 built-in patterns and hostile inputs
// built from their own characters, the worst inline match at that bound took about 1 ms. Everything
// else (long lines, huge patterns, the few regexes the linear engine refuses) goes to the worker.
// Once a line's budget is spent, its further matches fail at once.

import * as v8 from 'node:v8';
import { runWithDeadline, type MatchRequest, type MatchResult } from './worker';

export const DEFAULT_MATCH_BUDGET_MS = 5;

/**
 * Backtracks before V8 switches a match to its linear engine. Lower sends ordinary near-miss lines
 * into the slow engine (at 100 the near-miss mix of bench/pipeline.ts fell to ~20k lines/s); higher
 * lets a hostile match run longer first (50,000, V8's default: 6 s on a 65 KB line).
 */
const BACKTRACKS_BEFORE_FALLBACK = 1000;

/**
 * Inline when input characters × regex source characters ≤ INLINE_WORK and the input is at most
 * INLINE_MAX_CHARS long (see above). The second bound is the linear engine's own cost per character
 * (~0.25 µs even for a tiny regex: 100 K characters took 25 ms).
 */
const INLINE_WORK = 2_000_000;
const INLINE_MAX_CHARS = 2048;

let installed = false;
function installRegexFlags(): void {
  if (installed) return;
  installed = true;
  v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  v8.setFlagsFromString(`--regexp-backtracks-before-fallback=${BACKTRACKS_BEFORE_FALLBACK}`);
  // Lets `linearEligible` ask V8 whether its linear engine takes a regex (the `l` flag).
  v8.setFlagsFromString('--enable-experimental-regexp-engine');
}
installRegexFlags();

function linearEligible(source: string, flags: string): boolean {
  try {
    new RegExp(source, flags.replace(/[gyd]/g, '') + 'l');
    return true;
  } catch {
    return false;
  }
}

// The line being run: what is left of its budget, and how many of its matches failed for want
// of it. Only matches run under the deadline spend it: an inline match is short by construction,
// and counting wall time from the line's start would let a garbage-collection pause fail a match.
let lineLeft = 0;
let inLine = false;
let exceeded = 0;

/** Starts the budget of one line (Script.runMaps); matches outside a line get the default budget each. */
export function beginLine(budgetMs: number): void {
  lineLeft = budgetMs;
  inLine = true;
  exceeded = 0;
}

/** Ends the line's budget; returns how many of its matches failed because the budget ran out. */
export function endLine(): number {
  inLine = false;
  return exceeded;
}

/** Runs `req` under the deadline of what is left; undefined (and counted) when it did not make it. */
function underDeadline(req: MatchRequest): MatchResult | undefined {
  const left = inLine ? lineLeft : DEFAULT_MATCH_BUDGET_MS;
  const { result, ms } = left > 0 ? runWithDeadline(req, left) : { result: undefined, ms: 0 };
  if (inLine) lineLeft -= ms;
  if (result === undefined) exceeded++;
  return result;
}

/**
 * The longest input `re` matches inline (see above); -1 when it never does (V8's linear engine
 * refuses it, so nothing would cut its backtracking short).
 */
export function inlineLimit(re: RegExp): number {
  if (!linearEligible(re.source, re.flags)) return -1;
  return Math.min(INLINE_MAX_CHARS, Math.floor(INLINE_WORK / Math.max(1, re.source.length)));
}

/**
 * `re.exec(input)` run under the deadline of what is left of the line's budget, `lastIndex` kept
 * as exec keeps it; null also when the budget ran out (counted for the line).
 */
export function execUnderDeadline(re: RegExp, input: string): RegExpExecArray | null {
  const stateful = re.global || re.sticky;
  const r = underDeadline({ op: 'exec', source: re.source, flags: re.flags, input, lastIndex: stateful ? re.lastIndex : 0 });
  if (r?.op !== 'exec') {
    if (stateful) re.lastIndex = 0;
    return null;
  }
  if (stateful) re.lastIndex = r.lastIndex;
  if (r.match === null) return null;
  return Object.assign(r.match as unknown as RegExpExecArray, { index: r.index, input, groups: undefined });
}

const nativeExec = RegExp.prototype.exec;
const nativeSplit = RegExp.prototype[Symbol.split];

/**
 * A RegExp whose matching keeps to the budget: `exec` (so `test`, `replace`, `matchAll`) and
 * `split`. Built-ins get one from `cx.regex` and use it as any RegExp. (grok keeps a plain RegExp
 * and calls inlineLimit/execUnderDeadline itself: its inline path is the hot one.)
 */
export class GuardedRegExp extends RegExp {
  /** The longest input matched inline. */
  private readonly inlineUpTo: number;

  constructor(source: string, flags?: string) {
    super(source, flags);
    this.inlineUpTo = inlineLimit(this);
    // V8 compiles a regex at its first runs, per kind of string: here, not on the first lines.
    for (const s of ['', '', '\u0100', '\u0100']) nativeExec.call(this, s);
    this.lastIndex = 0;
  }

  // Derived regexes (split's sticky copy) are plain: they run inside a guarded call.
  static override get [Symbol.species](): RegExpConstructor {
    return RegExp;
  }

  override exec(input: string): RegExpExecArray | null {
    return input.length <= this.inlineUpTo ? nativeExec.call(this, input) : execUnderDeadline(this, input);
  }

  override [Symbol.split](input: string, limit?: number): string[] {
    if (input.length <= this.inlineUpTo) return nativeSplit.call(this, input, limit);
    const r = underDeadline({ op: 'split', source: this.source, flags: this.flags, input, limit });
    return r?.op === 'split' ? r.parts : [input];
  }
}
