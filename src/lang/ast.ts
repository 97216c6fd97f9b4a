// The syntax tree the parser builds and the compiler walks, plus what can be read off it
// statically (literal values, key names).

import type { Pos } from './lexer';
import type { Value } from './value';

export type Expr =
  | { kind: 'ident'; pos: Pos; name: string; backtick: boolean }
  | { kind: 'str'; pos: Pos; value: string }
  | { kind: 'int'; pos: Pos; value: bigint }
  | { kind: 'float'; pos: Pos; value: number }
  | { kind: 'bool'; pos: Pos; value: boolean }
  | { kind: 'nil'; pos: Pos }
  | { kind: 'list'; pos: Pos; items: Expr[] }
  | { kind: 'map'; pos: Pos; entries: Array<{ key: Expr; value: Expr }> }
  | { kind: 'unary'; pos: Pos; op: string; operand: Expr }
  | { kind: 'binary'; pos: Pos; op: string; left: Expr; right: Expr }
  | { kind: 'paren'; pos: Pos; expr: Expr }
  | CallExpr
  /** `obj` is null for the leading-dot form `.[0]` (JSON root). */
  | { kind: 'index'; pos: Pos; obj: Expr | null; index: Expr }
  | { kind: 'slice'; pos: Pos; obj: Expr; start?: Expr; end?: Expr; step?: Expr }
  | { kind: 'attr'; pos: Pos; obj: Expr | null; name: string; namePos: Pos };

export interface CallExpr {
  kind: 'call';
  pos: Pos;
  name: string;
  namePos: Pos;
  args: Arg[];
}

export interface Arg {
  name?: string;
  pos: Pos;
  value: Expr;
}

export type Stmt =
  | { kind: 'expr'; pos: Pos; expr: Expr }
  | { kind: 'assign'; pos: Pos; op: string; target: Expr; value: Expr }
  | { kind: 'multiassign'; pos: Pos }
  | { kind: 'if'; pos: Pos; branches: Array<{ cond: Expr; body: Stmt[] }>; orelse?: Stmt[] }
  | { kind: 'forin'; pos: Pos; name: string; iter: Expr; body: Stmt[] }
  | { kind: 'for'; pos: Pos; init?: Stmt; cond?: Expr; step?: Stmt; body: Stmt[] }
  | { kind: 'break'; pos: Pos }
  | { kind: 'continue'; pos: Pos };

export interface Program {
  stmts: Stmt[];
}

/** The name a bare identifier stands for: `_` is the message (a backticked `_` is just "_"). */
export function identName(e: { name: string; backtick: boolean }): string {
  return e.name === '_' && !e.backtick ? 'message' : e.name;
}

/** The value of a literal (parentheses allowed), or undefined when `e` is not one. */
export function literalOf(e: Expr): { value: Value } | undefined {
  switch (e.kind) {
    case 'str': case 'int': case 'float': case 'bool': return { value: e.value };
    case 'nil': return { value: null };
    case 'paren': return literalOf(e.expr);
    default: return undefined;
  }
}

/** Text of a key argument: `_` → message, dotted/index paths spelled out; undefined if `e` names no key. */
export function keyText(e: Expr): string | undefined {
  switch (e.kind) {
    case 'ident': return identName(e);
    case 'str': return e.value;
    case 'attr': {
      if (e.obj === null) return e.name;
      const base = keyText(e.obj);
      return base === undefined ? undefined : `${base}.${e.name}`;
    }
    case 'index': {
      const idx = e.index.kind === 'int' ? String(e.index.value) : e.index.kind === 'str' ? JSON.stringify(e.index.value) : undefined;
      if (idx === undefined) return undefined;
      const base = e.obj === null ? '' : keyText(e.obj);
      return base === undefined ? undefined : `${base}[${idx}]`;
    }
    default: return undefined;
  }
}
