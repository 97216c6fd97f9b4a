import { SpanKind, SpanStatusCode, type Attributes, type HrTime } from '@opentelemetry/api';
import { parse as parseLossless, stringify as stringifyLossless } from 'lossless-json';
import type { Span } from '../../src/consumer/consumer';
import { hrTimeToNs } from '../../src/data/time';

/**
 * A span as plain, stably ordered JSON, for golden files and equality checks in tests.
 */
export interface SpanView {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: string;
  status: { code: string; message?: string };
  startNs: string;
  endNs: string;
  attributes: Attributes;
  events?: { name: string; timeNs: string; attributes: Attributes }[];
  links?: { traceId: string; spanId: string; traceFlags: number; traceState?: string; attributes: Attributes }[];
  resource: Attributes;
  scope: { name: string; version?: string };
}

function sorted(a: Attributes | undefined): Attributes {
  const out: Attributes = {};
  for (const k of Object.keys(a ?? {}).sort()) out[k] = a![k];
  return out;
}

const ns = (t: HrTime): string => hrTimeToNs(t).toString();

export function spanView(s: Span): SpanView {
  const ctx = s.spanContext();
  const v: SpanView = {
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    name: s.name,
    kind: SpanKind[s.kind],
    status: { code: SpanStatusCode[s.status.code] },
    startNs: ns(s.startTime),
    endNs: ns(s.endTime),
    attributes: sorted(s.attributes),
    resource: sorted(s.resource.attributes),
    scope: { name: s.instrumentationScope.name, ...(s.instrumentationScope.version ? { version: s.instrumentationScope.version } : {}) },
  };
  if (s.parentSpanContext) v.parentSpanId = s.parentSpanContext.spanId;
  if (s.status.message !== undefined) v.status.message = s.status.message;
  if (s.events.length) v.events = s.events.map((e) => ({ name: e.name, timeNs: ns(e.time), attributes: sorted(e.attributes) }));
  if (s.links.length) {
    v.links = s.links.map((l) => ({
      traceId: l.context.traceId,
      spanId: l.context.spanId,
      traceFlags: l.context.traceFlags,
      ...(l.context.traceState ? { traceState: l.context.traceState.serialize() } : {}),
      attributes: sorted(l.attributes),
    }));
  }
  return v;
}

/** JSON with integers kept exact (bigint beyond 2^53), as seed files and golden inputs need. */
export function parseExact(text: string): unknown {
  return parseLossless(text, null, (s) => {
    if (/^-?\d+$/.test(s)) {
      const v = BigInt(s);
      return v >= -0x1fffffffffffffn && v <= 0x1fffffffffffffn ? Number(v) : v;
    }
    return Number(s);
  });
}

export function stringifyExact(value: unknown): string {
  return stringifyLossless(value) ?? '';
}

/**
 * A small msgpack writer for test bodies: bigint → uint64 (int64 if negative), Maps with any
 * keys (v0.5 uses integer keys), Uint8Array → bin. Numbers use the shortest int form or float64.
 */
export function toMsgpack(value: unknown): Buffer {
  const parts: Buffer[] = [];
  const head = (b: number[]): void => void parts.push(Buffer.from(b));
  const len = (n: number, fix: number, fixMax: number, c16: number, c32: number, c8?: number): void => {
    if (n <= fixMax) head([fix | n]);
    else if (c8 !== undefined && n < 0x100) head([c8, n]);
    else if (n < 0x10000) head([c16, n >> 8, n & 0xff]);
    else {
      const b = Buffer.alloc(5);
      b[0] = c32;
      b.writeUInt32BE(n, 1);
      parts.push(b);
    }
  };
  const write = (v: unknown): void => {
    if (v === null || v === undefined) return head([0xc0]);
    if (typeof v === 'boolean') return head([v ? 0xc3 : 0xc2]);
    if (typeof v === 'bigint') {
      const b = Buffer.alloc(9);
      if (v >= 0n) {
        b[0] = 0xcf;
        b.writeBigUInt64BE(v, 1);
      } else {
        b[0] = 0xd3;
        b.writeBigInt64BE(v, 1);
      }
      return void parts.push(b);
    }
    if (typeof v === 'number') {
      if (Number.isInteger(v) && v >= 0 && v <= 0x7f) return head([v]);
      if (Number.isInteger(v) && v < 0 && v >= -32) return head([0x100 + v]);
      if (Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER) return write(BigInt(v));
      const b = Buffer.alloc(9);
      b[0] = 0xcb;
      b.writeDoubleBE(v, 1);
      return void parts.push(b);
    }
    if (typeof v === 'string') {
      const s = Buffer.from(v, 'utf8');
      len(s.length, 0xa0, 31, 0xda, 0xdb, 0xd9);
      return void parts.push(s);
    }
    if (v instanceof Uint8Array) {
      len(v.length, 0xc4, -1, 0xc5, 0xc6, 0xc4);
      return void parts.push(Buffer.from(v));
    }
    if (Array.isArray(v)) {
      len(v.length, 0x90, 15, 0xdc, 0xdd);
      return v.forEach(write);
    }
    const entries = v instanceof Map ? [...v.entries()] : Object.entries(v as object).filter(([, x]) => x !== undefined);
    len(entries.length, 0x80, 15, 0xde, 0xdf);
    for (const [k, x] of entries) {
      write(k);
      write(x);
    }
  };
  write(value);
  return Buffer.concat(parts);
}

/** Span maps (v0.3/v0.4 shape) → a v0.5 body: string table plus 12-element spans. */
export function encodeV05(traces: Record<string, any>[][]): Buffer {
  const table: string[] = [''];
  const index = new Map<string, number>([['', 0]]);
  const idx = (s: unknown): number => {
    const str = s === undefined || s === null ? '' : String(s);
    let i = index.get(str);
    if (i === undefined) {
      i = table.length;
      table.push(str);
      index.set(str, i);
    }
    return i;
  };
  const big = (v: unknown): bigint => (v === undefined || v === null ? 0n : BigInt(v as number | bigint));
  const out = traces.map((trace) =>
    trace.map((s) => {
      const meta = new Map<number, number>();
      for (const [k, v] of Object.entries(s.meta ?? {})) meta.set(idx(k), idx(v));
      const metrics = new Map<number, number>();
      for (const [k, v] of Object.entries(s.metrics ?? {})) metrics.set(idx(k), Number(v));
      return [
        idx(s.service),
        idx(s.name),
        idx(s.resource),
        big(s.trace_id),
        big(s.span_id),
        big(s.parent_id),
        big(s.start),
        big(s.duration),
        Number(s.error ?? 0),
        meta,
        metrics,
        idx(s.type),
      ];
    }),
  );
  return toMsgpack([table, out]);
}
