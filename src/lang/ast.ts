import type { Pos } from './lexer';

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
  | { kind: 'call'; pos: Pos; name: string; namePos: Pos; args: Arg[] }
  /** `obj` is null for the leading-dot form `.[0]` (JSON root). */
  | { kind: 'index'; pos: Pos; obj: Expr | null; index: Expr }
  | { kind: 'slice'; pos: Pos; obj: Expr; start?: Expr; end?: Expr; step?: Expr }
  | { kind: 'attr'; pos: Pos; obj: Expr | null; name: string; namePos: Pos };

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
