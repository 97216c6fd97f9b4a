/**
 * Span[] → ExportTraceServiceRequest bytes (opentelemetry/proto/trace/v1), written directly from
 * the ReadableSpan objects with the fields, order and defaults of @opentelemetry/otlp-transformer's
 * ProtobufTraceSerializer, so both produce the same bytes except where noted in encode.ts.
 */
import type { HrTime, Link, SpanContext } from '@opentelemetry/api';
import type { TimedEvent } from '@opentelemetry/sdk-trace-base';
import type { Span } from '../consumer/consumer';
import { writeItemRuns, writeKeyValues, writeRequest } from './encode-common-proto';
import { EncodedSpan } from './encoded-span';
import { ProtoWriter, varintSize } from './proto-writer';

/** OTLP span flags: bit 8 says whether bit 9 (parent/link context is remote) is known. */
export const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;

const w = new ProtoWriter();
/** Length bytes reserved per span, from the previous span's size: spans of a batch look alike. */
let spanReserve = 2;

function traceStateText(ctx: SpanContext): string | undefined {
  const ts = ctx.traceState as unknown;
  if (ts === undefined || ts === null) return undefined;
  if (typeof ts === 'string') return ts;
  return (ts as { serialize(): string }).serialize();
}

function time(w: ProtoWriter, tag: number, t: HrTime): void {
  w.tag1(tag);
  w.hrTime(t[0], t[1]);
}

/** Status (field 15): message when not empty, then the code. */
export function writeStatus(w: ProtoWriter, code: number, message: string | undefined): void {
  w.tag1((15 << 3) | 2);
  const m = w.begin(1);
  if (message) {
    w.tag1((2 << 3) | 2);
    w.string(message);
  }
  w.tag1((3 << 3) | 0);
  w.i64(code ?? 0);
  w.endAt(m, 1);
}

/** One event as field 11 of its Span. */
export function writeEvent(w: ProtoWriter, e: TimedEvent): void {
  w.tag1((11 << 3) | 2);
  const m = w.begin(1);
  time(w, (1 << 3) | 1, e.time);
  w.tag1((2 << 3) | 2);
  w.string(e.name);
  if (e.attributes) writeKeyValues(w, e.attributes, (3 << 3) | 2);
  w.tag1((4 << 3) | 0);
  w.u32((e.droppedAttributesCount || 0) >>> 0);
  w.endAt(m, 1);
}

/** Fields 1-3, the same in a Span and a Link: trace id, span id, W3C tracestate. */
function writeIds(w: ProtoWriter, ctx: SpanContext): void {
  w.hexId((1 << 3) | 2, ctx.traceId, 16);
  w.hexId((2 << 3) | 2, ctx.spanId, 8);
  const ts = traceStateText(ctx);
  if (ts) {
    w.tag1((3 << 3) | 2);
    w.string(ts);
  }
}

/** One link as field 13 of its Span. */
export function writeLink(w: ProtoWriter, l: Link): void {
  w.tag1((13 << 3) | 2);
  const m = w.begin(1);
  const ctx = l.context;
  writeIds(w, ctx);
  if (l.attributes) writeKeyValues(w, l.attributes, (4 << 3) | 2);
  w.tag1((5 << 3) | 0);
  w.u32((l.droppedAttributesCount || 0) >>> 0);
  w.tag1((6 << 3) | 5);
  w.fixed32((ctx.traceFlags & 0xff) | HAS_IS_REMOTE | (ctx.isRemote ? IS_REMOTE : 0));
  w.endAt(m, 1);
}

function writeSpan(s: Span): void {
  w.tag1((2 << 3) | 2);
  const reserve = spanReserve;
  const m = w.begin(reserve);
  const ctx = s.spanContext();
  writeIds(w, ctx);
  const parent = s.parentSpanContext;
  if (parent) w.hexId((4 << 3) | 2, parent.spanId, 8);
  w.tag1((5 << 3) | 2);
  w.string(s.name);
  // The API's SpanKind has no "unspecified": OTLP's enum is the API's plus one.
  const kind = s.kind == null ? 0 : s.kind + 1;
  if (kind !== 0) {
    w.tag1((6 << 3) | 0);
    w.i64(kind);
  }
  time(w, (7 << 3) | 1, s.startTime);
  time(w, (8 << 3) | 1, s.endTime);
  if (s.attributes) writeKeyValues(w, s.attributes, (9 << 3) | 2);
  w.tag1((10 << 3) | 0);
  w.u32(s.droppedAttributesCount >>> 0);
  const events = s.events;
  for (let i = 0; i < events.length; i++) writeEvent(w, events[i]);
  w.tag1((12 << 3) | 0);
  w.u32(s.droppedEventsCount >>> 0);
  const links = s.links;
  for (let i = 0; i < links.length; i++) writeLink(w, links[i]);
  w.tag1((14 << 3) | 0);
  w.u32(s.droppedLinksCount >>> 0);
  writeStatus(w, s.status.code, s.status.message);
  w.u32((16 << 3) | 5);
  w.fixed32((ctx.traceFlags & 0xff) | HAS_IS_REMOTE | (parent?.isRemote ? IS_REMOTE : 0));
  spanReserve = varintSize(w.endAt(m, reserve));
}

const encodedSpan = (s: Span) => (s instanceof EncodedSpan ? s : undefined);

function writeSpans(group: Span[]): void {
  writeItemRuns(w, group, encodedSpan, writeSpan);
}

/**
 * The ExportTraceServiceRequest for `spans`: a fresh Uint8Array the caller owns, or with `scratch`
 * a view valid until the next call (for a caller that compresses it at once).
 */
export function encodeTraceRequest(spans: readonly Span[], scratch = false): Uint8Array {
  return writeRequest(w, spans, writeSpans, scratch);
}
