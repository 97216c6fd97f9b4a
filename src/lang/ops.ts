// Operator semantics (reference §1.3). Every failure is a RuntimeError, which
// stops the script but keeps what it already wrote.

import { RuntimeError } from './runtime';
import { Value, looseEqual, truthy, typeOf, wrapInt } from './value';

function num(v: Value, op: string): bigint | number {
  if (typeof v === 'bigint' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  throw new RuntimeError(`unsupported operand type for ${op}: ${typeOf(v)}`);
}

export function arith(op: string, a: Value, b: Value): Value {
  if (typeof a === 'string' || typeof b === 'string') {
    if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
    throw new RuntimeError(`unsupported operand types for ${op}: ${typeOf(a)} and ${typeOf(b)} (use strfmt to build text)`);
  }
  const x = num(a, op);
  const y = num(b, op);
  if (typeof x === 'bigint' && typeof y === 'bigint') {
    switch (op) {
      case '+': return wrapInt(x + y);
      case '-': return wrapInt(x - y);
      case '*': return wrapInt(x * y);
      case '/':
        if (y === 0n) throw new RuntimeError('division by zero');
        return wrapInt(x / y);
      case '%':
        if (y === 0n) throw new RuntimeError('division by zero');
        return x % y;
    }
  }
  const fx = Number(x);
  const fy = Number(y);
  switch (op) {
    case '+': return fx + fy;
    case '-': return fx - fy;
    case '*': return fx * fy;
    case '/':
      if (fy === 0) throw new RuntimeError('division by zero');
      return fx / fy;
    case '%': throw new RuntimeError('unsupported operand type for %: float');
  }
  throw new RuntimeError(`unknown operator ${op}`);
}

export function compare(op: string, a: Value, b: Value): boolean {
  const ok = (v: Value) => typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean';
  if (!ok(a) || !ok(b)) throw new RuntimeError(`not comparable: ${typeOf(a)} ${op} ${typeOf(b)}`);
  const x = typeof a === 'boolean' ? (a ? 1n : 0n) : (a as bigint | number);
  const y = typeof b === 'boolean' ? (b ? 1n : 0n) : (b as bigint | number);
  const bothInt = typeof x === 'bigint' && typeof y === 'bigint';
  const p = bothInt ? x : Number(x);
  const q = bothInt ? y : Number(y);
  switch (op) {
    case '<': return p < q;
    case '<=': return p <= q;
    case '>': return p > q;
    default: return p >= q;
  }
}

export function equals(op: string, a: Value, b: Value): boolean {
  const eq = looseEqual(a, b);
  return op === '==' ? eq : !eq;
}

export function contains(a: Value, b: Value): boolean {
  if (typeof b === 'string') {
    if (typeof a !== 'string') throw new RuntimeError(`unsupported operand types for in: ${typeOf(a)} in str`);
    return b.includes(a);
  }
  if (b instanceof Map) {
    if (typeof a !== 'string') throw new RuntimeError(`unsupported operand types for in: ${typeOf(a)} in map`);
    return b.has(a);
  }
  if (Array.isArray(b)) return b.some((x) => looseEqual(x, a));
  throw new RuntimeError(`unsupported operand types for in: ${typeOf(a)} in ${typeOf(b)}`);
}

export function unary(op: string, v: Value): Value {
  if (op === '!') return !truthy(v);
  if (typeof v === 'boolean') v = v ? 1n : 0n;
  if (typeof v === 'bigint') return op === '-' ? wrapInt(-v) : v;
  if (typeof v === 'number') return op === '-' ? -v : v;
  throw new RuntimeError(`unsupported operand type for unary ${op}: ${typeOf(v)}`);
}

export function indexValue(obj: Value, idx: Value): Value {
  if (Array.isArray(obj)) {
    if (typeof idx !== 'bigint') throw new RuntimeError(`list index must be an int, not ${typeOf(idx)}`);
    const i = idx < 0n ? BigInt(obj.length) + idx : idx;
    if (i < 0n || i >= BigInt(obj.length)) throw new RuntimeError(`list index ${idx} out of range (length ${obj.length})`);
    return obj[Number(i)];
  }
  if (obj instanceof Map) {
    if (typeof idx !== 'string') throw new RuntimeError(`map key must be a str, not ${typeOf(idx)}`);
    const v = obj.get(idx);
    return v === undefined ? null : v;
  }
  throw new RuntimeError(`cannot index a ${typeOf(obj)}`);
}

export function setIndex(obj: Value, idx: Value, v: Value): void {
  if (Array.isArray(obj)) {
    if (typeof idx !== 'bigint') throw new RuntimeError(`list index must be an int, not ${typeOf(idx)}`);
    const i = idx < 0n ? BigInt(obj.length) + idx : idx;
    if (i < 0n || i >= BigInt(obj.length)) throw new RuntimeError(`list index ${idx} out of range (length ${obj.length})`);
    obj[Number(i)] = v;
    return;
  }
  if (obj instanceof Map) {
    if (typeof idx !== 'string') throw new RuntimeError(`map key must be a str, not ${typeOf(idx)}`);
    obj.set(idx, v);
    return;
  }
  throw new RuntimeError(`cannot assign to an index of a ${typeOf(obj)}`);
}

function sliceIndices(len: number, start: Value, end: Value, step: Value): number[] {
  const toNum = (v: Value, what: string): number | null => {
    if (v === null) return null;
    if (typeof v !== 'bigint') throw new RuntimeError(`slice ${what} must be an int, not ${typeOf(v)}`);
    return Number(v);
  };
  const st = toNum(step, 'step') ?? 1;
  if (st === 0) throw new RuntimeError('slice step cannot be zero');
  let s = toNum(start, 'start');
  let e = toNum(end, 'end');
  // Python-style clamping.
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
  if (st > 0) {
    s = s === null ? 0 : clamp(s < 0 ? s + len : s, 0, len);
    e = e === null ? len : clamp(e < 0 ? e + len : e, 0, len);
  } else {
    s = s === null ? len - 1 : clamp(s < 0 ? s + len : s, -1, len - 1);
    e = e === null ? -1 : clamp(e < 0 ? e + len : e, -1, len - 1);
  }
  const out: number[] = [];
  if (st > 0) for (let i = s; i < e; i += st) out.push(i);
  else for (let i = s; i > e; i += st) out.push(i);
  return out;
}

export function sliceValue(obj: Value, start: Value, end: Value, step: Value): Value {
  if (Array.isArray(obj)) return sliceIndices(obj.length, start, end, step).map((i) => obj[i]);
  if (typeof obj === 'string') {
    // Datakit slices bytes and turns each byte into a code point; kept for parity.
    const bytes = Buffer.from(obj, 'utf8');
    return sliceIndices(bytes.length, start, end, step).map((i) => String.fromCharCode(bytes[i])).join('');
  }
  throw new RuntimeError(`cannot slice a ${typeOf(obj)}`);
}
