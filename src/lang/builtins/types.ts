import type { Expr } from '../ast';
import type { Pos } from '../lexer';
import type { Ev } from '../runtime';
import type { Value } from '../value';
import type { PatternDef, PatternLookup } from '../grok/compile';

/**
 * How an argument is taken:
 * - key:  a key name (identifier, `backtick`, string literal or dotted path); `_` means message
 * - expr: any expression, evaluated at run time
 * - str / bool / int: a literal of that kind, known at check time
 * - lit:  any scalar literal (int, float, str, bool, nil)
 * - path: a JSON path written as identifier/dotted/index expression (json())
 */
export type ParamKind = 'key' | 'expr' | 'str' | 'bool' | 'int' | 'lit' | 'path';

export interface ParamSpec {
  name: string;
  kind: ParamKind;
  optional?: boolean;
  /** Default shown in the docs. */
  default?: string;
  /** Collects every remaining positional argument. */
  variadic?: boolean;
}

export interface BoundArg {
  node: Expr;
  /** Key name for key/path kinds. */
  key?: string;
  /** Literal value for str/bool/int/lit kinds. */
  lit?: Value;
  /** Evaluates the argument as an ordinary expression. */
  ev: Ev;
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
}

export interface CheckContext {
  readonly file: string;
  error(pos: Pos, message: string, hint?: string): void;
  readonly patterns: PatternLookup;
  addPattern(name: string, def: PatternDef): void;
  /** Compiles an RE2 regex literal; reports and returns undefined on failure. */
  regex(source: string, pos: Pos, flags?: string): RegExp | undefined;
}

export interface Bound {
  args: Array<BoundArg | undefined>;
  rest: BoundArg[];
  call: Extract<Expr, { kind: 'call' }>;
}

export interface BuiltinDef {
  name: string;
  params: ParamSpec[];
  returns: string;
  doc: string;
  examples: Example[];
  /** Set for functions that need data this library does not ship; the check fails with it. */
  requires?: string;
  /** Check the bound arguments and return the run-time implementation. */
  compile(b: Bound, cx: CheckContext): Ev;
}

export function signatureOf(d: BuiltinDef): string {
  const ps = d.params.map((p) => {
    const kind = { key: 'key', expr: 'value', str: 'str literal', bool: 'bool literal', int: 'int literal', lit: 'literal', path: 'json path' }[p.kind];
    let s = `${p.variadic ? '...' : ''}${p.name}: ${kind}`;
    if (p.optional && p.default !== undefined) s += ` = ${p.default}`;
    else if (p.optional) s += '?';
    return s;
  });
  return `${d.name}(${ps.join(', ')}) -> ${d.returns}`;
}
