// The Pipeline compiler. One walk over the syntax tree both checks the script (unknown
// functions, arguments, literal patterns, add_pattern scoping, break outside a loop) and turns
// it into closures, so a script that compiles is ready to run: VRL's compiler shape. There is
// no separate interpreter; running a script is calling the closure built here (platypus instead
// checks in one pass and walks the tree with a large switch at run time).

import { type CallExpr, type Expr, type Program, type Stmt, identName, literalOf } from './ast';
import { BUILTINS } from './builtins';
import { bindCall } from './builtins/bind';
import { SERVICE_HINTS, type Services } from './builtins/env';
import type { CompileContext, UsedScript } from './builtins/types';
import { Diagnostic, diag, suggestName } from './diagnostics';
import { GrokError, PatternDef, builtinPattern } from './grok/compile';
import { GuardedRegExp } from './grok/guard';
import { RegexError, translateRe2 } from './grok/re2';
import type { Pos } from './lexer';
import { parse } from './parser';
import { arith, compare, contains, equals, indexValue, setIndex, sliceValue, unary } from './ops';
import { Ev, Rt, RuntimeError } from './runtime';
import { Value, truthy, typeOf } from './value';

/** Statement result: normal, break, continue. Exit is a flag on Rt. */
export const enum Flow { Next = 0, Break = 1, Continue = 2 }
export type Exec = (rt: Rt) => Flow;

/** What the scripts of one compilation share: the services, and the scripts use() reached. */
export interface Linker {
  readonly services: Services;
  /** The scripts being compiled, outermost first: a name met again is a cycle. */
  readonly stack: string[];
  /** Each script use() names is compiled once per compilation. */
  readonly used: Map<string, Exec | undefined>;
}

/** Compiles a parsed script; `exec` is set only when it has no diagnostics. */
export function compileProgram(program: Program, file: string, link: Linker): { exec?: Exec; diagnostics: Diagnostic[] } {
  const c = new Compiler(file, link);
  const exec = c.compileBlock(program.stmts);
  return c.diagnostics.length ? { diagnostics: c.diagnostics } : { exec, diagnostics: [] };
}

const nil: Ev = () => null;

/** Makes a runtime error raised without a position carry `pos`, the construct that was running. */
function at<R>(pos: Pos, f: (rt: Rt) => R): (rt: Rt) => R {
  return (rt) => {
    try {
      return f(rt);
    } catch (e) {
      // An error from a script reached through use() keeps that script's position (or none).
      if (e instanceof RuntimeError && !e.pos && e.file === undefined) e.pos = pos;
      throw e;
    }
  };
}

/** Runs a body in a fresh variable scope. */
function scoped(body: Exec): Exec {
  return (rt) => {
    rt.scopes.push(null);
    try {
      return body(rt);
    } finally {
      rt.scopes.pop();
    }
  };
}

class Compiler implements CompileContext {
  readonly diagnostics: Diagnostic[] = [];
  /** Loops around the code being compiled: break and continue need one. */
  private loopDepth = 0;
  /** add_pattern definitions, innermost block last: a pattern is visible in its block from its definition on. */
  private readonly patternScopes: Array<Map<string, PatternDef>> = [new Map()];

  constructor(readonly file: string, private readonly link: Linker) {}

  get services(): Services {
    return this.link.services;
  }

  // The context every built-in's compile step gets (through its call site).

  error(pos: Pos, message: string, hint?: string): void {
    this.diagnostics.push(diag(this.file, pos, message, hint));
  }

  readonly patterns = (name: string): PatternDef | undefined => {
    for (let i = this.patternScopes.length - 1; i >= 0; i--) {
      const d = this.patternScopes[i].get(name);
      if (d) return d;
    }
    return builtinPattern(name);
  };

  addPattern(name: string, def: PatternDef): void {
    this.patternScopes[this.patternScopes.length - 1].set(name, def);
  }

  regex(source: string, pos: Pos, flags = ''): RegExp | undefined {
    try {
      const t = translateRe2(source);
      return new GuardedRegExp(t.source, t.flags + flags);
    } catch (e) {
      if (e instanceof RegexError || e instanceof GrokError || e instanceof SyntaxError) this.error(pos, e.message);
      else throw e;
      return undefined;
    }
  }

  useScript(name: string, pos: Pos): UsedScript | undefined {
    const resolver = this.link.services.scripts;
    if (!resolver) {
      this.error(pos, 'use() needs a scripts directory to find other scripts in', SERVICE_HINTS.scripts);
      return undefined;
    }
    if (this.link.stack.includes(name)) {
      this.error(pos, `circular use: ${[...this.link.stack, name].join(' -> ')}`);
      return undefined;
    }
    let exec: Exec | undefined;
    if (this.link.used.has(name)) exec = this.link.used.get(name);
    else {
      const source = resolver.read(name);
      if (source === undefined) {
        const guess = suggestName(name, resolver.names());
        this.error(pos, `script "${name}" not found`, guess ? `did you mean "${guess}"?` : undefined);
        return undefined;
      }
      exec = this.compileUsed(name, source, pos);
      this.link.used.set(name, exec);
    }
    if (!exec) return undefined;
    return this.callUsed(name, exec, pos);
  }

  /** Compiles a script for use(); its diagnostics are reported here, with the chain of use() calls. */
  private compileUsed(name: string, source: string, pos: Pos): Exec | undefined {
    this.link.stack.push(name);
    let compiled: { exec?: Exec; diagnostics: Diagnostic[] };
    const parsed = parse(source, name);
    try {
      compiled = compileProgram(parsed.program, name, this.link);
    } finally {
      this.link.stack.pop();
    }
    const lines = source.split('\n');
    const diags = [...parsed.diagnostics, ...compiled.diagnostics];
    for (const d of diags) {
      this.diagnostics.push({
        ...d,
        lineText: d.lineText ?? lines[d.line - 1] ?? '',
        usedFrom: [...(d.usedFrom ?? []), { file: this.file, line: pos.line, col: pos.col }],
      });
    }
    return diags.length ? undefined : compiled.exec;
  }

  /** Runs a used script on the caller's point, with its own variables; its exit() ends only itself. */
  private callUsed(name: string, exec: Exec, pos: Pos): UsedScript {
    const site = `${this.file}:${pos.line}:${pos.col}`;
    return (rt) => {
      const saved = rt.scopes.splice(0, rt.scopes.length, null);
      try {
        exec(rt);
      } catch (e) {
        if (e instanceof RuntimeError) {
          if (e.file === undefined) e.file = name;
          e.chain.push(site);
        }
        throw e;
      } finally {
        rt.scopes.splice(0, rt.scopes.length, ...saved);
        rt.exited = false;
      }
    };
  }

  // Statements.

  compileBlock(stmts: Stmt[]): Exec {
    this.patternScopes.push(new Map());
    const execs = stmts.map((s) => this.compileStmt(s));
    this.patternScopes.pop();
    const n = execs.length;
    if (n === 1) return execs[0];
    return (rt) => {
      for (let i = 0; i < n; i++) {
        const f = execs[i](rt);
        if (f !== Flow.Next || rt.exited) return f;
      }
      return Flow.Next;
    };
  }

  private compileStmt(s: Stmt): Exec {
    switch (s.kind) {
      case 'expr': {
        const ev = this.compileExpr(s.expr);
        return (rt) => { ev(rt); return Flow.Next; };
      }
      case 'multiassign':
        return () => { throw new RuntimeError('multiple assignment is not supported', s.pos); };
      case 'assign': return this.compileAssign(s);
      case 'break':
      case 'continue': {
        if (this.loopDepth === 0) this.error(s.pos, `${s.kind} outside of a loop`);
        const f = s.kind === 'break' ? Flow.Break : Flow.Continue;
        return () => f;
      }
      case 'if': return this.compileIf(s);
      case 'forin': return this.compileForIn(s);
      case 'for': return this.compileFor(s);
    }
  }

  private compileIf(s: Extract<Stmt, { kind: 'if' }>): Exec {
    const branches = s.branches.map((b) => ({ cond: this.compileExpr(b.cond), body: scoped(this.compileBlock(b.body)) }));
    const orelse = s.orelse ? scoped(this.compileBlock(s.orelse)) : undefined;
    return (rt) => {
      for (const b of branches) {
        if (truthy(b.cond(rt))) return b.body(rt);
      }
      return orelse ? orelse(rt) : Flow.Next;
    };
  }

  private loopBody(stmts: Stmt[]): Exec {
    this.loopDepth++;
    const body = this.compileBlock(stmts);
    this.loopDepth--;
    return body;
  }

  private compileForIn(s: Extract<Stmt, { kind: 'forin' }>): Exec {
    const iter = this.compileExpr(s.iter);
    const body = this.loopBody(s.body);
    const name = s.name;
    return (rt) => {
      const v = iter(rt);
      let items: Iterable<Value>;
      if (Array.isArray(v)) items = [...v];
      else if (v instanceof Map) items = [...v.keys()];
      else if (typeof v === 'string') items = [...v];
      else throw new RuntimeError(`cannot iterate over a ${typeOf(v)}`, s.pos);
      for (const item of items) {
        rt.scopes.push(null);
        try {
          rt.setVarLocal(name, item);
          const f = body(rt);
          if (rt.exited || f === Flow.Break) break;
        } finally {
          rt.scopes.pop();
        }
      }
      return Flow.Next;
    };
  }

  private compileFor(s: Extract<Stmt, { kind: 'for' }>): Exec {
    // The init statement's scope holds for the whole loop, add_pattern included.
    this.patternScopes.push(new Map());
    const init = s.init ? this.compileStmt(s.init) : undefined;
    const cond = s.cond ? this.compileExpr(s.cond) : undefined;
    const body = this.loopBody(s.body);
    const step = s.step ? this.compileStmt(s.step) : undefined;
    this.patternScopes.pop();
    return (rt) => {
      rt.scopes.push(null);
      try {
        if (init) init(rt);
        while (!rt.exited && (!cond || truthy(cond(rt)))) {
          rt.scopes.push(null);
          let f: Flow;
          try {
            f = body(rt);
          } finally {
            rt.scopes.pop();
          }
          if (rt.exited || f === Flow.Break) break;
          if (step) step(rt);
        }
      } finally {
        rt.scopes.pop();
      }
      return Flow.Next;
    };
  }

  private compileAssign(s: Extract<Stmt, { kind: 'assign' }>): Exec {
    const value = this.compileExpr(s.value);
    const op = s.op === '=' ? undefined : s.op.slice(0, 1);
    const t = s.target;
    if (t.kind === 'ident') {
      const name = identName(t);
      if (!op) return (rt) => { rt.setVar(name, value(rt)); return Flow.Next; };
      return at(s.pos, (rt) => { rt.setVar(name, arith(op, rt.read(name), value(rt))); return Flow.Next; });
    }
    if (t.kind === 'index' && t.obj !== null) {
      const obj = this.compileExpr(t.obj);
      const idx = this.compileExpr(t.index);
      return at(s.pos, (rt) => {
        const container = obj(rt);
        const k = idx(rt);
        const v = value(rt);
        setIndex(container, k, op ? arith(op, indexValue(container, k), v) : v);
        return Flow.Next;
      });
    }
    this.error(s.pos, 'can only assign to a name or an index expression');
    return () => Flow.Next;
  }

  // Expressions.

  compileExpr(e: Expr): Ev {
    switch (e.kind) {
      case 'ident': {
        const name = identName(e);
        return (rt) => rt.read(name);
      }
      case 'str': case 'int': case 'float': case 'bool': {
        const v = e.value;
        return () => v;
      }
      case 'nil': return nil;
      case 'paren': return this.compileExpr(e.expr);
      case 'list': {
        const items = e.items.map((x) => this.compileExpr(x));
        return (rt) => items.map((f) => f(rt));
      }
      case 'map': return this.compileMap(e);
      case 'unary': {
        const operand = this.compileExpr(e.operand);
        const op = e.op;
        return at(e.pos, (rt) => unary(op, operand(rt)));
      }
      case 'binary': return this.compileBinary(e);
      case 'call': return this.compileCall(e);
      case 'index': {
        if (e.obj === null) { this.compileExpr(e.index); return nil; }
        const obj = this.compileExpr(e.obj);
        const idx = this.compileExpr(e.index);
        return at(e.pos, (rt) => indexValue(obj(rt), idx(rt)));
      }
      case 'slice': {
        const obj = this.compileExpr(e.obj);
        const a = e.start ? this.compileExpr(e.start) : nil;
        const b = e.end ? this.compileExpr(e.end) : nil;
        const c = e.step ? this.compileExpr(e.step) : nil;
        return at(e.pos, (rt) => sliceValue(obj(rt), a(rt), b(rt), c(rt)));
      }
      case 'attr':
        // Attribute access only names keys (for json paths); as a value it is nothing.
        if (e.obj) this.compileExpr(e.obj);
        return nil;
    }
  }

  private compileMap(e: Extract<Expr, { kind: 'map' }>): Ev {
    const entries = e.entries.map((en) => {
      const lit = literalOf(en.key);
      if (lit && typeof lit.value !== 'string') this.error(en.key.pos, `map keys must be strings, not ${typeOf(lit.value)}`);
      return { key: this.compileExpr(en.key), value: this.compileExpr(en.value), pos: en.key.pos };
    });
    return (rt) => {
      const m = new Map<string, Value>();
      for (const en of entries) {
        const k = en.key(rt);
        if (typeof k !== 'string') throw new RuntimeError(`map keys must be strings, not ${typeOf(k)}`, en.pos);
        m.set(k, en.value(rt));
      }
      return m;
    };
  }

  private compileBinary(e: Extract<Expr, { kind: 'binary' }>): Ev {
    const l = this.compileExpr(e.left);
    const r = this.compileExpr(e.right);
    const op = e.op;
    let f: Ev;
    switch (op) {
      case '+': case '-': case '*': case '/': case '%':
        f = (rt) => arith(op, l(rt), r(rt));
        break;
      case '==': case '!=':
        f = (rt) => equals(op, l(rt), r(rt));
        break;
      case '<': case '<=': case '>': case '>=':
        f = (rt) => compare(op, l(rt), r(rt));
        break;
      case 'in':
        f = (rt) => contains(l(rt), r(rt));
        break;
      case '&&': case '||': {
        const stopOn = op === '||';
        f = (rt) => {
          const a = l(rt);
          if (typeof a !== 'boolean') throw new RuntimeError(`operands of ${op} must be bool, got ${typeOf(a)}`);
          if (a === stopOn) return a;
          const b = r(rt);
          if (typeof b !== 'boolean') throw new RuntimeError(`operands of ${op} must be bool, got ${typeOf(b)}`);
          return b;
        };
        break;
      }
      default:
        this.error(e.pos, `unknown operator ${op}`);
        f = nil;
    }
    return at(e.pos, f);
  }

  /** A built-in call: bind the arguments (builtins/bind.ts), then let the built-in compile itself. */
  private compileCall(e: CallExpr): Ev {
    const def = BUILTINS.get(e.name);
    if (!def) {
      const guess = suggestName(e.name, BUILTINS.keys());
      this.error(e.namePos, `unknown function "${e.name}"`, guess ? `did you mean "${guess}"?` : undefined);
      for (const a of e.args) this.compileExpr(a.value);
      return nil;
    }
    if (def.rejected) {
      this.error(e.namePos, `function "${e.name}" is not supported here: ${def.rejected.why}`, def.rejected.instead);
      return nil;
    }
    const bound = bindCall(def, e, this, (x) => this.compileExpr(x));
    if (!bound) return nil;
    const before = this.diagnostics.length;
    const impl = def.compile(bound.args, bound.cx);
    if (this.diagnostics.length > before) return nil;
    return at(e.pos, impl);
  }
}
