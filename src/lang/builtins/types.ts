// What a built-in is made of, as the registry, the binder and the docs see it: parameter kinds,
// the definition object, its examples, and the contexts its compile step is given.
// Built-ins are declared through `defineBuiltin` (define.ts), which types all of this per function.

import type { CallExpr, Expr } from '../ast';
import type { Pos } from '../lexer';
import type { Ev, Rt } from '../runtime';
import type { TypeName, Value } from '../value';
import type { PatternDef, PatternLookup } from '../grok/compile';
import type { Services } from './env';

/**
 * How an argument is taken:
 * - key:  a key name (identifier, `backtick`, string literal or dotted path); `_` means message
 * - expr: any expression, evaluated at run time
 * - str / bool / int: a literal of that kind, known at check time
 * - lit:  any scalar literal (int, float, str, bool, nil)
 * - path: a JSON path written as identifier/dotted/index expression (json())
 */
export type ParamKind = 'key' | 'expr' | 'str' | 'bool' | 'int' | 'lit' | 'path';

/** A `path` argument: the expression as written and its text (the default output key of json()). */
export interface PathArg {
  node: Expr;
  text: string;
}

/** One parameter, as the binder and the docs read it. */
export interface ParamSpec {
  readonly name: string;
  readonly kind: ParamKind;
  /** Must be given (false for optional and variadic parameters). */
  readonly required: boolean;
  /** Collects every remaining positional argument. */
  readonly variadic: boolean;
  /** Passed to compile when the argument is left out; undefined when there is none. */
  readonly fallback?: Value;
  /** The default as the docs show it. */
  readonly shown?: string;
  /** For expressions: the types the value may have (checked on literals at compile time, else at run time). */
  readonly types?: readonly TypeName[];
}

export interface Example {
  title: string;
  script: string;
  input: string;
  tz?: string;
  /** Expected fields (subset unless `exact`); ints are bigint, floats number. */
  fields?: Record<string, Value>;
  tags?: Record<string, string>;
  absent?: string[];
  dropped?: boolean;
  timeNs?: bigint;
  /** The run is expected to stop with a runtime error containing this text. */
  error?: string;
  /** What the example needs from the embedding application (scripts to use, tables, IP databases). */
  env?: ExampleEnv;
}

/** Services an example runs with; the example runner provides them (builtins/env/testing.ts). */
export interface ExampleEnv {
  /** Other scripts use() can call, by name. */
  scripts?: Record<string, string>;
  /** Reference tables in Datakit's JSON form. */
  referTables?: string;
  /** The small test IP databases (city and ISP) of builtins/env/testing.ts. */
  ipdb?: boolean;
  /** Point windows driven by the caller. */
  windows?: boolean;
  /** The run is expected to fail the check with a diagnostic containing this text. */
  checkError?: string;
}

/** A compiled script another one calls with use(): runs it on the caller's point. */
export type UsedScript = (rt: Rt) => void;

/** What the compiler offers every call it compiles. */
export interface CompileContext {
  readonly file: string;
  error(pos: Pos, message: string, hint?: string): void;
  readonly patterns: PatternLookup;
  addPattern(name: string, def: PatternDef): void;
  /** Compiles an RE2 regex literal; reports and returns undefined on failure. */
  regex(source: string, pos: Pos, flags?: string): RegExp | undefined;
  /** What the embedding application provides (caches, tables, other scripts). */
  readonly services: Services;
  /** Compiles the script `name` for use() at `pos`; reports (cycles, missing, its own errors) and returns undefined on failure. */
  useScript(name: string, pos: Pos): UsedScript | undefined;
}

/** The context of one call: the check context plus where its arguments were written. */
export interface CallContext<N extends string = string> extends CompileContext {
  readonly call: CallExpr;
  /** The argument as written, undefined when it was left out. */
  node(name: N): Expr | undefined;
  /** Where a diagnostic about an argument points: the argument, or the call when it was left out. */
  pos(name: N): Pos;
}

/** Bound arguments by parameter name: what a built-in's compile step receives. */
export type BoundArgs = Readonly<Record<string, unknown>>;

export interface BuiltinDef {
  readonly name: string;
  readonly params: readonly ParamSpec[];
  readonly returns: string;
  readonly doc: string;
  readonly examples: readonly Example[];
  /** Set for functions deliberately not run here: why, and what to do instead; the check fails with it. */
  readonly rejected?: { why: string; instead: string };
  /** Checks the bound arguments and returns the run-time implementation. */
  compile(args: BoundArgs, cx: CallContext): Ev;
}
