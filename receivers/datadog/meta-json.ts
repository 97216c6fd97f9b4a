import { isLosslessNumber, parse as parseLossless } from 'lossless-json';
import { typedAttribute } from './decode-span';
import { emptyMap, type DDEventValue, type DDSpanEvent, type DDSpanLink } from './model';

/**
 * Span links and events that formats without native slots (v0.5, and v0.4 unless the tracer
 * is told otherwise) carry as JSON text in meta `_dd.span_links` and `events`. Times and ids
 * in that JSON exceed 2^53, so it is parsed losslessly. A malformed document yields the
 * entries read before the fault, plus the reason so the caller can count it.
 */

const HEX16 = /^[0-9a-fA-F]{1,16}$/;
const HEX32 = /^[0-9a-fA-F]{17,32}$/;

function parse(text: string): unknown {
  return parseLossless(text, null, (s) => (/^-?\d+$/.test(s) ? BigInt(s) : Number(s)));
}

function u64(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return BigInt.asUintN(64, v);
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt.asUintN(64, BigInt(v));
  if (typeof v === 'string' && HEX16.test(v)) return BigInt('0x' + v);
  if (typeof v === 'string' && /^\d{1,20}$/.test(v)) return BigInt.asUintN(64, BigInt(v));
  return undefined;
}

function plainValue(v: unknown): DDEventValue | undefined {
  if (isLosslessNumber(v)) return Number(v.value);
  return typedAttribute(v);
}

export interface Parsed<T> {
  items: T[];
  error?: string;
}

export function parseLinksJson(text: string): Parsed<DDSpanLink> {
  const items: DDSpanLink[] = [];
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    return { items, error: `_dd.span_links is not valid JSON: ${(err as Error).message}` };
  }
  if (!Array.isArray(doc)) return { items, error: '_dd.span_links is not a JSON array' };
  for (const raw of doc) {
    if (raw === null || typeof raw !== 'object') return { items, error: '_dd.span_links entry is not an object' };
    const o = raw as Record<string, unknown>;
    let traceId: bigint | undefined;
    let traceIdHigh = 0n;
    if (typeof o.trace_id === 'string' && HEX32.test(o.trace_id)) {
      const hex = o.trace_id.padStart(32, '0');
      traceIdHigh = BigInt('0x' + hex.slice(0, 16));
      traceId = BigInt('0x' + hex.slice(16));
    } else {
      traceId = u64(o.trace_id);
      traceIdHigh = u64(o.trace_id_high) ?? 0n;
    }
    const spanId = u64(o.span_id);
    if (traceId === undefined || spanId === undefined) return { items, error: '_dd.span_links entry has no valid trace_id/span_id' };
    const attributes = emptyMap<string>();
    if (o.attributes && typeof o.attributes === 'object') {
      for (const [k, v] of Object.entries(o.attributes as Record<string, unknown>)) {
        attributes[k] = isLosslessNumber(v) ? v.value : typeof v === 'string' ? v : JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
      }
    }
    const flags = typeof o.flags === 'bigint' ? Number(o.flags) : typeof o.flags === 'number' ? o.flags : 0;
    items.push({ traceId, traceIdHigh, spanId, attributes, tracestate: typeof o.tracestate === 'string' ? o.tracestate : '', flags });
  }
  return { items };
}

export function parseEventsJson(text: string): Parsed<DDSpanEvent> {
  const items: DDSpanEvent[] = [];
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    return { items, error: `events is not valid JSON: ${(err as Error).message}` };
  }
  if (!Array.isArray(doc)) return { items, error: 'events is not a JSON array' };
  for (const raw of doc) {
    if (raw === null || typeof raw !== 'object') return { items, error: 'events entry is not an object' };
    const o = raw as Record<string, unknown>;
    const attributes = emptyMap<DDEventValue>();
    if (o.attributes && typeof o.attributes === 'object') {
      for (const [k, v] of Object.entries(o.attributes as Record<string, unknown>)) {
        const x = plainValue(v);
        if (x !== undefined) attributes[k] = x;
      }
    }
    const t = o.time_unix_nano;
    const timeNs = typeof t === 'bigint' ? t : typeof t === 'number' && Number.isFinite(t) ? BigInt(Math.trunc(t)) : 0n;
    items.push({ name: typeof o.name === 'string' ? o.name : '', timeNs, attributes });
  }
  return { items };
}
