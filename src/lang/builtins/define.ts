// Declaring a built-in: one constructor per parameter kind and `defineBuiltin`, so that a
// built-in's compile step receives its arguments by name, already typed (as VRL's
// `arguments.required("value")`), instead of reaching into positions and casting.
//
//   defineBuiltin({
//     name: 'grok',
//     params: [key('input'), str('pattern'), bool('trim_space').optional(true)],
//     compile({ input, pattern, trim_space }, cx) { … },   // string, string, boolean
//   })

import type { Ev } from '../runtime';
import type { TypeName, Value } from '../value';
import type { BuiltinDef, CallContext, Example, ParamKind, ParamSpec, PathArg } from './types';

/** What compile receives for an argument of each kind. */
interface KindValue {
  key: string;
  path: PathArg;
  expr: Ev;
  str: string;
  bool: boolean;
  int: bigint;
  lit: Value;
}

/** A parameter named N whose argument reaches compile as a T. */
export class Param<N extends string, T> implements ParamSpec {
  /** Carries T for the type of the compile record; never set. */
  declare readonly type: T;

  constructor(
    readonly name: N,
    readonly kind: ParamKind,
    readonly required = true,
    readonly variadic = false,
    readonly fallback?: Value,
    readonly shown?: string,
    readonly types?: readonly TypeName[],
  ) {}

  /** May be left out: compile then gets undefined. */
  optional(): Param<N, T | undefined>;
  /** May be left out: compile then gets `fallback`, which the docs show as the default. */
  optional(fallback: T & (string | boolean | bigint)): Param<N, T>;
  optional(fallback?: string | boolean | bigint): Param<N, unknown> {
    const shown = fallback === undefined ? this.shown : typeof fallback === 'string' ? JSON.stringify(fallback) : String(fallback);
    return new Param(this.name, this.kind, false, false, fallback, shown, this.types);
  }

  /** The default as the docs show it, when leaving the argument out means something that is not a literal. */
  shows(text: string): Param<N, T> {
    return new Param(this.name, this.kind, this.required, this.variadic, this.fallback, text, this.types);
  }

  /**
   * An expression whose value must have one of these types, as Go's typed parameters: a literal
   * of another type is a check error, any other value of another type a runtime error.
   */
  accepts(...types: TypeName[]): Param<N, T> {
    return new Param(this.name, this.kind, this.required, this.variadic, this.fallback, this.shown, types);
  }

  /** Collects every remaining positional argument (the last parameter only). */
  rest(): Param<N, T[]> {
    return new Param(this.name, this.kind, false, true, undefined, undefined, this.types);
  }
}

const param = <K extends ParamKind>(kind: K) => <N extends string>(name: N) => new Param<N, KindValue[K]>(name, kind);

/** A key name: identifier, `backtick`, string literal or dotted path; `_` is the message. */
export const key = param('key');
/** A JSON path written as a name, dotted path or index expression (json()). */
export const path = param('path');
/** Any expression, evaluated when the call runs. */
export const expr = param('expr');
/** A string literal. */
export const str = param('str');
/** A bool literal. */
export const bool = param('bool');
/** An int literal. */
export const int = param('int');
/** Any scalar literal: str, int, float, bool or nil. */
export const lit = param('lit');

type AnyParam = Param<string, unknown>;

/** The record compile receives: one entry per parameter, typed by its kind. */
export type ArgsOf<P extends readonly AnyParam[]> = { readonly [E in P[number] as E['name']]: E['type'] };

export interface BuiltinSpec<P extends readonly AnyParam[]> {
  name: string;
  params: P;
  returns: string;
  /** One short paragraph, for the generated reference. */
  doc: string;
  /** Run as tests and shown in the reference. */
  examples: Example[];
  /** Set for functions this implementation deliberately does not run: why, and what to do instead. */
  rejected?: { why: string; instead: string };
  /** Checks the arguments once, at compile time, and returns what runs per line. */
  compile(args: ArgsOf<P>, cx: CallContext<P[number]['name']>): Ev;
}

export function defineBuiltin<const P extends readonly AnyParam[]>(spec: BuiltinSpec<P>): BuiltinDef {
  return spec;
}
