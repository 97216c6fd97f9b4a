/**
 * Identity rules shared by the Datadog receiver and the log processor: a log line's ids and
 * its span's ids must map to the same OTel ids, so both go through this one module.
 * Datadog ids are unsigned 64-bit; they never pass through a JS double.
 */

const ZERO16 = '0000000000000000';

/** An unsigned 64-bit id as 16 lowercase hex digits. Negative inputs are int64 views of the same bits. */
export function u64ToHex(id: bigint): string {
  return BigInt.asUintN(64, id).toString(16).padStart(16, '0');
}

/** `_dd.p.tid` must be exactly 16 hex digits; anything else is ignored (the high half stays zero). */
export function validTidHigh(tid: unknown): string | undefined {
  return typeof tid === 'string' && /^[0-9a-fA-F]{16}$/.test(tid) ? tid.toLowerCase() : undefined;
}

/**
 * The OTel trace id: `trace_id` as the low half; the high half is the chunk's `_dd.p.tid` text
 * (zeros when absent or malformed) or, for a span link, the 64-bit high id it carries.
 */
export function traceIdHex(low: bigint, high?: string | bigint): string {
  const h = high === undefined ? ZERO16 : typeof high === 'bigint' ? u64ToHex(high) : (validTidHigh(high) ?? ZERO16);
  return h + u64ToHex(low);
}

export const spanIdHex = u64ToHex;

export interface LogIds {
  /** 32 lowercase hex digits */
  traceId: string;
  /** The decimal low 64 bits, as Datadog-side tooling joins on. */
  decimal: string;
  /**
   * The low 16 hex digits when the id has no high half (decimal, 16-hex, or 32-hex starting with 16
   * zeros): such an id may name a 128-bit trace whose high half is only in the trace stream. Its
   * two 32-bit words are `lowHi` and `lowLo` (0 when there is no `low`).
   */
  low?: string;
  lowHi: number;
  lowLo: number;
}

/**
 * A trace id as tracers write it into logs: decimal 64-bit (`16108321602917563239`),
 * 32-hex (128-bit), or 16-hex. All digits means decimal: tracers write hex ids only as
 * 32 digits (128-bit) and a 16-digit decimal id is far more common than an all-digit hex one.
 */
export function parseTraceIdText(text: string): LogIds | undefined {
  // Consecutive lines of one request carry the same id: reuse the last answer (results are never mutated).
  if (text === lastTraceText) return lastTrace;
  const ids = parseTraceIdUncached(text);
  lastTraceText = text;
  lastTrace = ids;
  return ids;
}

let lastTraceText: string | undefined;
let lastTrace: LogIds | undefined;

function parseTraceIdUncached(text: string): LogIds | undefined {
  if (!traceIdWords(text, scratch)) return undefined;
  const { hiHi, hiLo, lowHi, lowLo } = scratch;
  const lowHex = hex32(lowHi) + hex32(lowLo);
  const wide = hiHi !== 0 || hiLo !== 0;
  const t = text.trim();
  const decimal = isDecimal(t) ? decimalText(t) : BigInt('0x' + lowHex).toString();
  const traceId = (wide ? hex32(hiHi) + hex32(hiLo) : ZERO16) + lowHex;
  if (wide) return { traceId, decimal, lowHi: 0, lowLo: 0 };
  return { traceId, decimal, low: lowHex, lowHi, lowLo };
}

/** A trace id's four 32-bit words, most significant first. */
export interface TraceIdWords {
  hiHi: number;
  hiLo: number;
  lowHi: number;
  lowLo: number;
}

const scratch: TraceIdWords = { hiHi: 0, hiLo: 0, lowHi: 0, lowLo: 0 };

/**
 * The words of a trace id as tracers write it into logs (the forms of parseTraceIdText), into
 * `out`; false, leaving `out` as it was, for anything else. Makes no string: the mapping writes
 * ids straight into the record's bytes.
 */
export function traceIdWords(text: string, out: TraceIdWords): boolean {
  const t = text.trim();
  const dec = decimalU64(t);
  if (dec !== NOT_DECIMAL) {
    if (dec === OUT_OF_RANGE) return false;
    out.hiHi = 0;
    out.hiLo = 0;
    out.lowHi = words.hi;
    out.lowLo = words.lo;
    return true;
  }
  const n = t.length;
  if ((n !== 32 && n !== 16) || !HEX_RE.test(t)) return false;
  const hiHi = n === 32 ? hexWord(t, 0) : 0;
  const hiLo = n === 32 ? hexWord(t, 8) : 0;
  const lowHi = hexWord(t, n - 16);
  const lowLo = hexWord(t, n - 8);
  if ((hiHi | hiLo | lowHi | lowLo) === 0) return false;
  out.hiHi = hiHi;
  out.hiLo = hiLo;
  out.lowHi = lowHi;
  out.lowLo = lowLo;
  return true;
}

/** A span id's two 32-bit words. */
export interface SpanIdWords {
  hi: number;
  lo: number;
}

/** The words of a span id as written into logs (the forms of parseSpanIdText), into `out`; false for anything else. */
export function spanIdWords(text: string, out: SpanIdWords): boolean {
  const t = text.trim();
  const dec = decimalU64(t);
  if (dec !== NOT_DECIMAL) {
    if (dec === OUT_OF_RANGE) return false;
    out.hi = words.hi;
    out.lo = words.lo;
    return true;
  }
  if (t.length !== 16 || !HEX_RE.test(t)) return false;
  const hi = hexWord(t, 0);
  const lo = hexWord(t, 8);
  if ((hi | lo) === 0) return false;
  out.hi = hi;
  out.lo = lo;
  return true;
}

const HEX_RE = /^[0-9a-fA-F]+$/;

const TWO_32 = 4294967296;
const POW10 = [1, 10, 100, 1000, 10000, 100000];

/** 1 to 20 ASCII digits (what /^\d{1,20}$/ accepts): the longest a u64 is written. */
function isDecimal(t: string): boolean {
  return isDigits(t, 20);
}

/** 1 to `max` ASCII digits (what /^\d{1,max}$/ accepts), without a regex. */
export function isDigits(t: string, max: number): boolean {
  const n = t.length;
  if (n === 0 || n > max) return false;
  for (let i = 0; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Two lowercase hex digits of each byte value. */
const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** 8 lowercase hex digits of a value in [0, 2^32) (Number's radix printing is slow). */
function hex32(v: number): string {
  return BYTE_HEX[v >>> 24] + BYTE_HEX[(v >>> 16) & 255] + BYTE_HEX[(v >>> 8) & 255] + BYTE_HEX[v & 255];
}

/** 16 lowercase hex digits of a u64 given as two 32-bit words. */
export function wordsHex(hi: number, lo: number): string {
  return hex32(hi) + hex32(lo);
}

/** The 32-bit word written as 8 hex digits at `at` in `hex` (digits already checked). */
export function hexWord(hex: string, at: number): number {
  let v = 0;
  for (let i = at; i < at + 8; i++) {
    const c = hex.charCodeAt(i) | 32; // lowercase
    v = v * 16 + (c <= 57 ? c - 48 : c - 87);
  }
  return v;
}

/** The two words of the last decimalU64 (a scratch pair: no allocation per line). */
const words = { hi: 0, lo: 0 };

const NOT_DECIMAL = 0;
const OUT_OF_RANGE = 1;
const IN_RANGE = 2;

/**
 * 1 to 20 ASCII digits (what isDecimal accepts) → the u64's two 32-bit words in `words` and
 * IN_RANGE; OUT_OF_RANGE when the value is 0 or above 2^64-1; NOT_DECIMAL for any other text. The
 * digits are checked in the loops that read them: a separate pass cost a third of an id's parse,
 * and ids are parsed on every log line. Computed with exact doubles, not BigInt (parse and print
 * cost several times more): the first 15 digits are one double (< 2^50), the rest (≤ 5 digits)
 * are added as `head × 10^k + tail` in two 32-bit halves, each product below 2^53.
 */
function decimalU64(t: string): number {
  const n = t.length;
  if (n === 0 || n > 20) return NOT_DECIMAL;
  const split = n > 15 ? 15 : n;
  let head = 0;
  for (let i = 0; i < split; i++) {
    const d = t.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NOT_DECIMAL;
    head = head * 10 + d;
  }
  let tail = 0;
  for (let i = split; i < n; i++) {
    const d = t.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NOT_DECIMAL;
    tail = tail * 10 + d;
  }
  const scale = POW10[n - split];
  const headHi = Math.floor(head / TWO_32);
  let lo = (head - headHi * TWO_32) * scale + tail; // < 2^32 × 10^5 + 10^5 < 2^49
  const carry = Math.floor(lo / TWO_32);
  lo -= carry * TWO_32;
  const hi = headHi * scale + carry;
  if (hi >= TWO_32 || (hi === 0 && lo === 0)) return OUT_OF_RANGE;
  words.hi = hi;
  words.lo = lo;
  return IN_RANGE;
}

/** The canonical decimal text (BigInt's toString) of nonzero digits: without leading zeros. */
function decimalText(t: string): string {
  if (t.charCodeAt(0) !== 48) return t;
  let i = 0;
  while (t.charCodeAt(i) === 48) i++;
  return t.slice(i);
}

export interface LogSpanId {
  spanId: string;
  decimal: string;
}

/** A span id as written into logs: decimal 64-bit or 16-hex (all digits means decimal, as above). */
export function parseSpanIdText(text: string): LogSpanId | undefined {
  if (text === lastSpanText) return lastSpan;
  const ids = parseSpanIdUncached(text);
  lastSpanText = text;
  lastSpan = ids;
  return ids;
}

let lastSpanText: string | undefined;
let lastSpan: LogSpanId | undefined;

function parseSpanIdUncached(text: string): LogSpanId | undefined {
  if (!spanIdWords(text, spanScratch)) return undefined;
  const spanId = hex32(spanScratch.hi) + hex32(spanScratch.lo);
  const t = text.trim();
  return { spanId, decimal: isDecimal(t) ? decimalText(t) : BigInt('0x' + spanId).toString() };
}

const spanScratch: SpanIdWords = { hi: 0, lo: 0 };
