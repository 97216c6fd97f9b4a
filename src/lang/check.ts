// The check pass. It walks the AST once, reports every semantic error
// (unknown function, arity, argument kinds, literal checks, grok/regex
// compilation, add_pattern scoping, break outside loops) and at the same time
// turns the tree into closures, so a script that checks is ready to run.

import type { Arg, Expr, Program, Stmt } from './ast';
import { BUILTINS } from './builtins';
import type { Bound, BoundArg, BuiltinDef, CheckContext, ParamSpec } from './builtins/types';
import { Diagnostic, diag } from './diagnostics';
import { GrokError, PatternDef, builtinPattern } from './grok/compile';
import { RegexError, translateRe2 } from './grok/re2';
import type { Pos } from './lexer';
import { arith, compare, contains, equals, indexValue, setIndex, sliceValue, unary } from './ops';
import { Ev, Rt, RuntimeError } from './runtime';
import { Value, truthy, typeOf } from './value';
import { nearest } from '../util/suggest';

/** Statement result: normal, break, continue. Exit is a flag on Rt. */
export const enum Flow { Next = 0, Break = 1, Continue = 2 }
export type Exec = (rt: Rt) => Flow;

const keyKinds = new Set(['ident', 'str', 'attr', 'index']);

/** Text of a key argument: `_` → message, dotted/index paths spelled out. */
export function keyText(e: Expr): string | undefined {
  switch (e.kind) {
    case 'ident': return e.name === '_' && !e.backtick ? 'message' : e.name;
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

function literalOf(e: Expr): { ok: true; value: Value } | { ok: false } {
  switch (e.kind) {
    case 'str': case 'int': case 'float': case 'bool': return { ok: true, value: e.value };
    case 'nil': return { ok: true, value: null };
    case 'paren': return literalOf(e.expr);
    default: return { ok: false };
  }
}

function withPos(ev: Ev, pos: Pos): Ev {
  return (rt) => {
    try {
      return ev(rt);
    } catch (e) {
      if (e instanceof RuntimeError && !e.pos) e.pos = pos;
      throw e;
    }
  };
}

export function checkProgram(program: Program, file: string): { exec?: Exec; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const patternScopes: Array<Map<string, PatternDef>> = [new Map()];
  let loopDepth = 0;

  const cx: CheckContext = {
    file,
    error(pos, message, hint) {
      diagnostics.push(diag(file, pos, message, hint));
    },
    patterns(name) {
      for (let i = patternScopes.length - 1; i >= 0; i--) {
        const d = patternScopes[i].get(name);
        if (d) return d;
      }
      return builtinPattern(name);
    },
    addPattern(name, def) {
      patternScopes[patternScopes.length - 1].set(name, def);
    },
    regex(source, pos, flags = '') {
      try {
        const t = translateRe2(source);
        return new RegExp(t.source, t.flags + flags);
      } catch (e) {
        if (e instanceof RegexError || e instanceof GrokError || e instanceof SyntaxError) cx.error(pos, (e as Error).message);
        else throw e;
        return undefined;
      }
    },
  };

  function block(stmts: Stmt[]): Exec {
    patternScopes.push(new Map());
    const execs = stmts.map(stmt);
    patternScopes.pop();
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

  function stmt(s: Stmt): Exec {
    switch (s.kind) {
      case 'expr': {
        const ev = expr(s.expr);
        return (rt) => { ev(rt); return Flow.Next; };
      }
      case 'multiassign':
        return () => { throw new RuntimeError('multiple assignment is not supported', s.pos); };
      case 'assign': return assign(s);
      case 'break':
      case 'continue': {
        if (loopDepth === 0) cx.error(s.pos, `${s.kind} outside of a loop`);
        const f = s.kind === 'break' ? Flow.Break : Flow.Continue;
        return () => f;
      }
      case 'if': {
        const branches = s.branches.map((b) => ({ cond: expr(b.cond), body: scoped(block(b.body)) }));
        const orelse = s.orelse ? scoped(block(s.orelse)) : undefined;
        return (rt) => {
          for (const b of branches) {
            if (truthy(b.cond(rt))) return b.body(rt);
          }
          return orelse ? orelse(rt) : Flow.Next;
        };
      }
      case 'forin': {
        const iter = expr(s.iter);
        loopDepth++;
        const body = block(s.body);
        loopDepth--;
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
      case 'for': {
        patternScopes.push(new Map());
        const init = s.init ? stmt(s.init) : undefined;
        const cond = s.cond ? expr(s.cond) : undefined;
        loopDepth++;
        const body = block(s.body);
        loopDepth--;
        const step = s.step ? stmt(s.step) : undefined;
        patternScopes.pop();
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
    }
  }

  function assign(s: Extract<Stmt, { kind: 'assign' }>): Exec {
    const value = expr(s.value);
    const op = s.op === '=' ? undefined : s.op.slice(0, 1);
    const t = s.target;
    if (t.kind === 'ident') {
      const name = t.name === '_' && !t.backtick ? 'message' : t.name;
      if (!op) return (rt) => { rt.setVar(name, value(rt)); return Flow.Next; };
      return (rt) => {
        try {
          rt.setVar(name, arith(op, rt.read(name), value(rt)));
        } catch (e) {
          if (e instanceof RuntimeError && !e.pos) e.pos = s.pos;
          throw e;
        }
        return Flow.Next;
      };
    }
    if (t.kind === 'index' && t.obj !== null) {
      const obj = expr(t.obj);
      const idx = expr(t.index);
      return (rt) => {
        try {
          const container = obj(rt);
          const k = idx(rt);
          const v = value(rt);
          setIndex(container, k, op ? arith(op, indexValue(container, k), v) : v);
        } catch (e) {
          if (e instanceof RuntimeError && !e.pos) e.pos = s.pos;
          throw e;
        }
        return Flow.Next;
      };
    }
    cx.error(s.pos, 'can only assign to a name or an index expression');
    return () => Flow.Next;
  }

  function expr(e: Expr): Ev {
    switch (e.kind) {
      case 'ident': {
        const name = e.name === '_' && !e.backtick ? 'message' : e.name;
        return (rt) => rt.read(name);
      }
      case 'str': case 'int': case 'float': case 'bool': {
        const v = e.value;
        return () => v;
      }
      case 'nil': return () => null;
      case 'paren': return expr(e.expr);
      case 'list': {
        const items = e.items.map(expr);
        return (rt) => items.map((f) => f(rt));
      }
      case 'map': {
        const entries = e.entries.map((en) => {
          const lit = literalOf(en.key);
          if (lit.ok && typeof lit.value !== 'string') cx.error(en.key.pos, `map keys must be strings, not ${typeOf(lit.value)}`);
          return { key: expr(en.key), value: expr(en.value), pos: en.key.pos };
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
      case 'unary': {
        const operand = expr(e.operand);
        const op = e.op;
        return withPos((rt) => unary(op, operand(rt)), e.pos);
      }
      case 'binary': return binary(e);
      case 'call': return call(e);
      case 'index': {
        if (e.obj === null) { expr(e.index); return () => null; }
        const obj = expr(e.obj);
        const idx = expr(e.index);
        return withPos((rt) => indexValue(obj(rt), idx(rt)), e.pos);
      }
      case 'slice': {
        const obj = expr(e.obj);
        const none: Ev = () => null;
        const a = e.start ? expr(e.start) : none;
        const b = e.end ? expr(e.end) : none;
        const c = e.step ? expr(e.step) : none;
        return withPos((rt) => sliceValue(obj(rt), a(rt), b(rt), c(rt)), e.pos);
      }
      case 'attr':
        // Attribute access only names keys (for json paths); as a value it is nothing.
        if (e.obj) expr(e.obj);
        return () => null;
    }
  }

  function binary(e: Extract<Expr, { kind: 'binary' }>): Ev {
    const l = expr(e.left);
    const r = expr(e.right);
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
        cx.error(e.pos, `unknown operator ${op}`);
        f = () => null;
    }
    return withPos(f, e.pos);
  }

  function call(e: Extract<Expr, { kind: 'call' }>): Ev {
    const def = BUILTINS.get(e.name);
    if (!def) {
      const guess = nearest(e.name, BUILTINS.keys());
      cx.error(e.namePos, `unknown function "${e.name}"`, guess ? `did you mean "${guess}"?` : undefined);
      for (const a of e.args) expr(a.value);
      return () => null;
    }
    if (def.requires) {
      cx.error(e.namePos, `function "${e.name}" is not available: it needs ${def.requires}`);
      return () => null;
    }
    const bound = bind(def, e);
    if (!bound) return () => null;
    const before = diagnostics.length;
    const impl = def.compile(bound, cx);
    if (diagnostics.length > before) return () => null;
    return withPos(impl, e.pos);
  }

  function bind(def: BuiltinDef, e: Extract<Expr, { kind: 'call' }>): Bound | undefined {
    const params = def.params;
    const slots: Array<Arg | undefined> = new Array(params.length).fill(undefined);
    const rest: Arg[] = [];
    let ok = true;
    let positional = 0;
    let sawNamed = false;
    for (const a of e.args) {
      if (a.name !== undefined) {
        sawNamed = true;
        const idx = params.findIndex((p) => p.name === a.name && !p.variadic);
        if (idx < 0) {
          const guess = nearest(a.name, params.map((p) => p.name));
          cx.error(a.pos, `${def.name}() has no parameter named "${a.name}"`, guess ? `did you mean "${guess}"?` : undefined);
          ok = false;
        } else if (slots[idx]) {
          cx.error(a.pos, `${def.name}() got parameter "${a.name}" twice`);
          ok = false;
        } else slots[idx] = a;
        continue;
      }
      if (sawNamed) {
        cx.error(a.pos, `positional argument after a named argument in ${def.name}()`);
        ok = false;
        continue;
      }
      const p = params[positional];
      if (p && p.variadic) rest.push(a);
      else if (p) { slots[positional] = a; positional++; }
      else {
        cx.error(a.pos, `too many arguments to ${def.name}(): expected at most ${params.length}, got ${e.args.length}`, `signature: ${signature(def)}`);
        ok = false;
        break;
      }
    }
    params.forEach((p, i) => {
      if (!p.optional && !p.variadic && !slots[i]) {
        cx.error(e.namePos, `missing argument "${p.name}" to ${def.name}()`, `signature: ${signature(def)}`);
        ok = false;
      }
    });
    const args: Array<BoundArg | undefined> = slots.map((a, i) => (a ? bindArg(def, params[i], a) : undefined));
    const restBound = rest.map((a) => bindArg(def, params[params.length - 1], a));
    if (!ok || [...args, ...restBound].some((x) => x === null)) return undefined;
    return { args, rest: restBound as BoundArg[], call: e };
  }

  function signature(def: BuiltinDef): string {
    return `${def.name}(${def.params.map((p) => (p.optional ? `[${p.name}]` : p.variadic ? `${p.name}...` : p.name)).join(', ')})`;
  }

  function bindArg(def: BuiltinDef, p: ParamSpec, a: Arg): BoundArg {
    const node = a.value;
    const b: BoundArg = { node, ev: () => null };
    const kindName: Record<string, string> = { str: 'a string literal', bool: 'a bool literal', int: 'an int literal', lit: 'a literal (str, int, float, bool or nil)' };
    switch (p.kind) {
      case 'key':
      case 'path': {
        const k = keyKinds.has(node.kind) ? keyText(node) : undefined;
        if (k === undefined) {
          cx.error(node.pos, `argument "${p.name}" of ${def.name}() must be a key name (identifier, \`quoted\` name or string)`);
          return null as never;
        }
        b.key = k;
        b.ev = p.kind === 'key' ? (rt) => rt.read(k) : () => null;
        return b;
      }
      case 'expr':
        b.ev = expr(node);
        return b;
      default: {
        const lit = literalOf(node);
        const want = p.kind;
        const t = lit.ok ? typeOf(lit.value) : undefined;
        const good = lit.ok && (want === 'lit' ? t !== 'list' && t !== 'map' : t === want);
        if (!good) {
          cx.error(node.pos, `argument "${p.name}" of ${def.name}() must be ${kindName[want]}`);
          return null as never;
        }
        const v = (lit as { value: Value }).value;
        b.lit = v;
        b.ev = () => v;
        return b;
      }
    }
  }

  const exec = block(program.stmts);
  return diagnostics.length ? { diagnostics } : { exec, diagnostics };
}
