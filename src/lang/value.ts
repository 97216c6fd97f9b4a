// Script values. Integers are bigint so that 64-bit values survive exactly;
// every JS number is a float. Maps are Map objects so that a key such as
// "__proto__" is just a key and so that maps never look like plain records.

export type Value = bigint | number | string | boolean | null | Value[] | ValueMap;
export type ValueMap = Map<string, Value>;

export type TypeName = 'int' | 'float' | 'bool' | 'str' | 'list' | 'map' | 'nil';

export function typeOf(v: Value): TypeName {
  switch (typeof v) {
    case 'bigint': return 'int';
    case 'number': return 'float';
    case 'string': return 'str';
    case 'boolean': return 'bool';
  }
  if (v === null) return 'nil';
  return Array.isArray(v) ? 'list' : 'map';
}

export function isMap(v: Value): v is ValueMap {
  return v instanceof Map;
}

export const INT64_MIN = -(1n << 63n);
export const INT64_MAX = (1n << 63n) - 1n;

export function wrapInt(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

/** Truthiness of conditions and `!` (reference §1.5). */
export function truthy(v: Value): boolean {
  switch (typeof v) {
    case 'boolean': return v;
    case 'bigint': return v !== 0n;
    case 'number': return v !== 0;
    case 'string': return v.length > 0;
  }
  if (v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  return v.size > 0;
}

/** Go's strconv.FormatFloat(f, 'f', -1, 64): shortest digits, never an exponent. */
export function formatFloatPlain(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  const s = String(f);
  if (!/e/.test(s)) return s;
  return expandExponent(s);
}

function expandExponent(s: string): string {
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, frac = '', expText] = m;
  const digits = lead + frac;
  const exp = Number(expText);
  const pointAt = 1 + exp; // position of the decimal point within digits
  if (pointAt <= 0) return `${sign}0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return sign + digits + '0'.repeat(pointAt - digits.length);
  return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}

/** Go's %v / 'g' shortest formatting, used by strfmt("%v") and fmt-style output. */
export function formatFloatG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const e = Number(f.toExponential().split('e')[1]);
  // strconv.FormatFloat(f, 'g', -1, 64): exponent form from 1e6 on (Go uses precision 6 for this when shortest).
  if (e < -4 || e >= 6) {
    const [mant, ex] = f.toExponential().split('e');
    const n = Number(ex);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return formatFloatPlain(f);
}

/** Text conversion used whenever a function needs a string (reference §1.6). */
export function toText(v: Value): string {
  switch (typeof v) {
    case 'string': return v;
    case 'bigint': return v.toString();
    case 'number': return formatFloatPlain(v);
    case 'boolean': return v ? 'true' : 'false';
  }
  if (v === null) return '';
  return goJson(v);
}

/** encoding/json's float text: plain between 1e-6 and 1e21, else exponent without padding. */
function goJsonFloat(f: number): string {
  if (!Number.isFinite(f)) return 'null';
  const a = Math.abs(f);
  if (a !== 0 && (a < 1e-6 || a >= 1e21)) {
    const [mant, ex] = f.toExponential().split('e');
    const n = Number(ex);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return formatFloatPlain(f);
}

const GO_ESCAPES: Record<string, string> = {
  '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t',
  '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029',
};

/** Quote a string the way Go's encoding/json does (HTML-safe escaping). */
export function goQuote(s: string): string {
  // eslint-disable-next-line no-control-regex
  return '"' + s.replace(/["\\\n\r\t<>&\u2028\u2029\u0000-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => {
    const e = GO_ESCAPES[c];
    if (e) return e;
    if (c.charCodeAt(0) >= 0xd800) return '\ufffd';
    return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
  }) + '"';
}

/** Compact JSON with Go's conventions: sorted map keys, HTML-safe escaping. */
/** Values written to the point are at most this many nodes: shared sub-lists can make a value exponentially large. */
export const MAX_JSON_NODES = 1_000_000;

export function goJson(v: Value): string {
  const budget = { left: MAX_JSON_NODES };
  return goJsonWithin(v, budget);
}

function goJsonWithin(v: Value, budget: { left: number }): string {
  if (--budget.left < 0) throw new RangeError(`value too large to write (more than ${MAX_JSON_NODES} elements)`);
  switch (typeof v) {
    case 'string': return goQuote(v);
    case 'bigint': return v.toString();
    case 'number': return goJsonFloat(v);
    case 'boolean': return v ? 'true' : 'false';
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) return '[' + v.map((x) => goJsonWithin(x, budget)).join(',') + ']';
  const keys = [...v.keys()].sort(compareBytes);
  return '{' + keys.map((k) => goQuote(k) + ':' + goJsonWithin(v.get(k) as Value, budget)).join(',') + '}';
}

/** Go sorts strings by bytes; for UTF-16 this differs only for astral vs high-BMP text. */
function compareBytes(a: string, b: string): number {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return Buffer.compare(ba, bb);
}

/** Go reflect.DeepEqual on script values: kinds must match exactly. */
export function strictEqual(a: Value, b: Value): boolean {
  if (typeof a !== typeof b) return false;
  if (a === null || b === null) return a === b;
  if (typeof a !== 'object') return a === b;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => strictEqual(x, b[i]));
  }
  if (!(b instanceof Map) || a.size !== b.size) return false;
  for (const [k, x] of a) {
    if (!b.has(k) || !strictEqual(x, b.get(k) as Value)) return false;
  }
  return true;
}

function numeric(v: Value): number | bigint | undefined {
  if (typeof v === 'bigint' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  return undefined;
}

/** The `==` operator: numbers and bools compare across kinds, others by deep equality. */
export function looseEqual(a: Value, b: Value): boolean {
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined || nb !== undefined) {
    if (na === undefined || nb === undefined) return false;
    if (typeof na === 'bigint' && typeof nb === 'bigint') return na === nb;
    return Number(na) === Number(nb);
  }
  if (a === null || b === null) return a === b;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => looseEqual(x, b[i]));
  }
  if (!(a instanceof Map) || !(b instanceof Map) || a.size !== b.size) return false;
  for (const [k, x] of a) {
    if (!b.has(k) || !looseEqual(x, b.get(k) as Value)) return false;
  }
  return true;
}

/** Deep copy of lists/maps, used where Go would copy a decoded JSON value. */
export function cloneValue(v: Value): Value {
  if (Array.isArray(v)) return v.map(cloneValue);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, cloneValue(x)]));
  return v;
}

/** Decode JSON text into script values (numbers are floats, as in Go's interface{} decode). */
export function fromJsonText(text: string): { ok: true; value: Value } | { ok: false } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false };
  }
  return { ok: true, value: fromJsonValue(raw) };
}

export function fromJsonValue(raw: unknown): Value {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string' || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw)) return raw.map(fromJsonValue);
  const m: ValueMap = new Map();
  for (const [k, x] of Object.entries(raw as Record<string, unknown>)) m.set(k, fromJsonValue(x));
  return m;
}

/** JSON for users (CLI output): ints exact, floats always recognisable as floats. */
export function toDisplayJson(v: Value): string {
  switch (typeof v) {
    case 'string': return JSON.stringify(v);
    case 'bigint': return v.toString();
    case 'number': {
      if (Number.isNaN(v)) return '"NaN"';
      if (!Number.isFinite(v)) return v > 0 ? '"+Inf"' : '"-Inf"';
      const s = String(v);
      return /[.e]/.test(s) ? s : s + '.0';
    }
    case 'boolean': return v ? 'true' : 'false';
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) return '[' + v.map(toDisplayJson).join(',') + ']';
  return '{' + [...v].map(([k, x]) => JSON.stringify(k) + ':' + toDisplayJson(x)).join(',') + '}';
}
