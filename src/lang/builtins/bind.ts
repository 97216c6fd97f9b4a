// The calling convention of built-ins: matches a call's arguments to the parameters (positional
// first, then by name), checks each one's kind, and builds the record compile receives. Also the
// one renderer of a built-in's signature, used by the docs and by argument hints.

import { type Arg, type CallExpr, type Expr, keyText, literalOf } from '../ast';
import type { PatternDef } from '../grok/compile';
import type { Pos } from '../lexer';
import { type Ev, RuntimeError } from '../runtime';
import { type TypeName, typeOf } from '../value';
import { suggestName } from '../diagnostics';
import type { Services } from './env';
import type { BoundArgs, BuiltinDef, CallContext, CompileContext, ParamSpec, UsedScript } from './types';

const KIND_TEXT: Record<ParamSpec['kind'], string> = {
  key: 'key', expr: 'value', str: 'str literal', bool: 'bool literal', int: 'int literal', lit: 'literal', path: 'json path',
};

/** `grok(input: key, pattern: str literal, trim_space: bool literal = true) -> bool` */
export function signatureOf(d: BuiltinDef): string {
  const ps = d.params.map((p) => {
    let s = `${p.variadic ? '...' : ''}${p.name}: ${p.types ? p.types.join(' | ') : KIND_TEXT[p.kind]}`;
    if (!p.required && !p.variadic) s += p.shown !== undefined ? ` = ${p.shown}` : '?';
    return s;
  });
  return `${d.name}(${ps.join(', ')}) -> ${d.returns}`;
}

const KEY_KINDS = new Set(['ident', 'str', 'attr', 'index']);
const LITERAL_TEXT: Record<string, string> = { str: 'a string literal', bool: 'a bool literal', int: 'an int literal', lit: 'a literal (str, int, float, bool or nil)' };

/**
 * Binds the arguments of `call` to the parameters of `def`, reporting every problem through `cx`.
 * Returns the record for compile and the call's context, or undefined when an argument was wrong.
 * `compileExpr` compiles the arguments taken as expressions.
 */
export function bindCall(def: BuiltinDef, call: CallExpr, cx: CompileContext, compileExpr: (e: Expr) => Ev): { args: BoundArgs; cx: CallContext } | undefined {
  const matched = matchArgs(def, call, cx);
  let ok = matched.ok;
  const args: Record<string, unknown> = {};
  const nodes = new Map<string, Expr>();
  def.params.forEach((p, i) => {
    const a = matched.slots[i];
    if (p.variadic) {
      const values = matched.rest.map((r) => bindArg(def, p, r.value, cx, compileExpr));
      if (values.includes(undefined)) ok = false;
      args[p.name] = values;
    } else if (a) {
      const v = bindArg(def, p, a.value, cx, compileExpr);
      if (v === undefined) ok = false;
      args[p.name] = v;
      nodes.set(p.name, a.value);
    } else args[p.name] = p.fallback;
  });
  return ok ? { args, cx: new CallSite(cx, call, nodes) } : undefined;
}

/** Which argument goes to which parameter: positional ones in order, then named ones, the rest to a variadic. */
function matchArgs(def: BuiltinDef, call: CallExpr, cx: CompileContext): { slots: Array<Arg | undefined>; rest: Arg[]; ok: boolean } {
  const params = def.params;
  const slots: Array<Arg | undefined> = new Array(params.length).fill(undefined);
  const rest: Arg[] = [];
  const hint = () => `signature: ${signatureOf(def)}`;
  let ok = true;
  let positional = 0;
  let sawNamed = false;
  for (const a of call.args) {
    if (a.name !== undefined) {
      sawNamed = true;
      const idx = params.findIndex((p) => p.name === a.name && !p.variadic);
      if (idx < 0) {
        const guess = suggestName(a.name, params.map((p) => p.name));
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
      cx.error(a.pos, `too many arguments to ${def.name}(): expected at most ${params.length}, got ${call.args.length}`, hint());
      ok = false;
      break;
    }
  }
  params.forEach((p, i) => {
    if (p.required && !slots[i]) {
      cx.error(call.namePos, `missing argument "${p.name}" to ${def.name}()`, hint());
      ok = false;
    }
  });
  return { slots, rest, ok };
}

/** The value compile gets for one argument; undefined (never a script value) when it has the wrong kind. */
function bindArg(def: BuiltinDef, p: ParamSpec, node: Expr, cx: CompileContext, compileExpr: (e: Expr) => Ev): unknown {
  switch (p.kind) {
    case 'key':
    case 'path': {
      const text = KEY_KINDS.has(node.kind) ? keyText(node) : undefined;
      if (text === undefined) {
        cx.error(node.pos, `argument "${p.name}" of ${def.name}() must be a key name (identifier, \`quoted\` name or string)`);
        return undefined;
      }
      return p.kind === 'key' ? text : { node, text };
    }
    case 'expr':
      return p.types ? typedExpr(def, p, p.types, node, cx, compileExpr) : compileExpr(node);
    default: {
      const lit = literalOf(node);
      const t = lit ? typeOf(lit.value) : undefined;
      const good = p.kind === 'lit' ? t !== undefined && t !== 'list' && t !== 'map' : t === p.kind;
      if (!good || !lit) {
        cx.error(node.pos, `argument "${p.name}" of ${def.name}() must be ${LITERAL_TEXT[p.kind]}`);
        return undefined;
      }
      return lit.value;
    }
  }
}

/**
 * An expression whose value must have one of `types`, as Go's typed parameters: a literal of another
 * type fails the check; any other expression is checked when it runs.
 */
function typedExpr(def: BuiltinDef, p: ParamSpec, types: readonly TypeName[], node: Expr, cx: CompileContext, compileExpr: (e: Expr) => Ev): Ev | undefined {
  const want = types.join(' or ');
  const lit = node.kind === 'list' ? { value: [] } : node.kind === 'map' ? { value: new Map() } : literalOf(node);
  if (lit) {
    const t = typeOf(lit.value);
    if (!types.includes(t)) {
      cx.error(node.pos, `argument "${p.name}" of ${def.name}() must be ${want}, got ${t}`);
      return undefined;
    }
    return compileExpr(node);
  }
  const ev = compileExpr(node);
  return (rt) => {
    const v = ev(rt);
    const t = typeOf(v);
    if (!types.includes(t)) throw new RuntimeError(`argument "${p.name}" of ${def.name}() must be ${want}, got ${t}`, node.pos);
    return v;
  };
}

/** The context of one call: delegates to the compiler's, and knows where each argument was written. */
class CallSite implements CallContext {
  constructor(private readonly cx: CompileContext, readonly call: CallExpr, private readonly nodes: ReadonlyMap<string, Expr>) {}
  get file(): string { return this.cx.file; }
  get services(): Services { return this.cx.services; }
  useScript(name: string, pos: Pos): UsedScript | undefined { return this.cx.useScript(name, pos); }
  readonly patterns = (name: string) => this.cx.patterns(name);
  error(pos: Pos, message: string, hint?: string): void { this.cx.error(pos, message, hint); }
  addPattern(name: string, def: PatternDef): void { this.cx.addPattern(name, def); }
  regex(source: string, pos: Pos, flags?: string): RegExp | undefined { return this.cx.regex(source, pos, flags); }
  node(name: string): Expr | undefined { return this.nodes.get(name); }
  pos(name: string): Pos { return this.nodes.get(name)?.pos ?? this.call.pos; }
}
