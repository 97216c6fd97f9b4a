/**
 * Identity rules shared by the Datadog receiver and the log processor: a log line's ids and
 * its span's ids must map to the same OTel ids, so both go through this one module.
 * Datadog ids are unsigned 64-bit; they never pass through a JS double.
 */

const U64_MAX = (1n << 64n) - 1n;
const ZERO16 = '0000000000000000';

/** An unsigned 64-bit id as 16 lowercase hex digits. Negative inputs are int64 views of the same bits. */
export function u64ToHex(id: bigint): string {
  return BigInt.asUintN(64, id).toString(16).padStart(16, '0');
}

/** Reinterprets an int64 (as some encoders send ids above 2^63) as the uint64 Datadog meant. */
export function asU64(id: bigint): bigint {
  return BigInt.asUintN(64, id);
}

/** `_dd.p.tid` must be exactly 16 hex digits; anything else is ignored (the high half stays zero). */
export function validTidHigh(tid: unknown): string | undefined {
  return typeof tid === 'string' && /^[0-9a-fA-F]{16}$/.test(tid) ? tid.toLowerCase() : undefined;
}

/** The OTel trace id: chunk `_dd.p.tid` as the high half (else zeros), `trace_id` as the low half. */
export function traceIdHex(low: bigint, tidHigh?: string): string {
  return (validTidHigh(tidHigh) ?? ZERO16) + u64ToHex(low);
}

export const spanIdHex = u64ToHex;

export interface LogIds {
  /** 32 lowercase hex digits */
  traceId: string;
  /** The decimal low 64 bits, as Datadog-side tooling joins on. */
  decimal: string;
}

/**
 * A trace id as tracers write it into logs: decimal 64-bit (`16108321602917563239`),
 * 32-hex (128-bit), or 16-hex. All digits means decimal: tracers write hex ids only as
 * 32 digits (128-bit) and a 16-digit decimal id is far more common than an all-digit hex one.
 */
export function parseTraceIdText(text: string): LogIds | undefined {
  const t = text.trim();
  if (/^\d{1,20}$/.test(t)) {
    const v = BigInt(t);
    if (v === 0n || v > U64_MAX) return undefined;
    return { traceId: ZERO16 + u64ToHex(v), decimal: v.toString() };
  }
  if (/^[0-9a-fA-F]{32}$/.test(t)) {
    const hex = t.toLowerCase();
    if (/^0+$/.test(hex)) return undefined;
    return { traceId: hex, decimal: BigInt('0x' + hex.slice(16)).toString() };
  }
  if (/^[0-9a-fA-F]{16}$/.test(t)) {
    const hex = t.toLowerCase();
    if (/^0+$/.test(hex)) return undefined;
    return { traceId: ZERO16 + hex, decimal: BigInt('0x' + hex).toString() };
  }
  return undefined;
}

export interface LogSpanId {
  spanId: string;
  decimal: string;
}

/** A span id as written into logs: decimal 64-bit or 16-hex (all digits means decimal, as above). */
export function parseSpanIdText(text: string): LogSpanId | undefined {
  const t = text.trim();
  let v: bigint;
  if (/^\d{1,20}$/.test(t)) v = BigInt(t);
  else if (/^[0-9a-fA-F]{16}$/.test(t)) v = BigInt('0x' + t);
  else return undefined;
  if (v === 0n || v > U64_MAX) return undefined;
  return { spanId: u64ToHex(v), decimal: v.toString() };
}
