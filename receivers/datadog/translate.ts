/**
 * Datadog spans → OTel spans, as a pure function of the decoded payload and the request's
 * tracer headers (the ResourceCache only shares objects). The mapping follows the
 * datadogreceiver (reference §2) except where noted "unlike the datadogreceiver".
 *
 * Each span is written once, as the OTLP protobuf the exporter sends (an EncodedSpan, which
 * presents the SDK's ReadableSpan to any processor that reads it): the bytes are what the OTLP
 * encoder would write for the SDK-shaped span this mapping describes, field by field.
 */
import { SpanKind, SpanStatusCode, TraceFlags, type Attributes, type Link } from '@opentelemetry/api';
import { TraceState, type InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { TimedEvent } from '@opentelemetry/sdk-trace-base';
import type { Span } from '../../src/consumer/consumer';
import { spanIdHex, traceIdHex, validTidHigh } from '../../src/data/ids';
import type { ResourceCache } from '../../src/data/resource';
import { nsToHrTime } from '../../src/data/time';
import { EncodedSpan } from '../../src/otlp/encoded-span';
import { HAS_IS_REMOTE, writeEvent, writeLink, writeStatus } from '../../src/otlp/encode-traces-proto';
import { ProtoWriter, varintSize } from '../../src/otlp/proto-writer';
import { ITEMS_PER_STEP, runToEnd, type Steps } from '../../src/receiverhelper/slices';
import { setOwn } from '../../src/util/own';
import { SPAN_ID_TEXT, SpanAttributes, TRACE_ID_TEXT, pinnedSlot, type MetaView } from './attributes';
import { parseEventsJson, parseLinksJson } from './meta-json';
import { metaGet, type DDChunk, type DDPayload, type DDSpan, type DDSpanEvent, type DDSpanLink } from './model';
import { int64Parts } from './msgpack-reader';
import { conventionalName } from './names';
import { payloadContext, type PayloadContext, type RequestOrigin } from './payload-context';

export type { RequestOrigin };

export interface Translation {
  spans: Span[];
  /** Malformed `_dd.span_links` / `events` meta: the span is kept, the reason is reported. */
  warnings: string[];
}

const PRIORITY_NONE = -128;
/** The flags field of every translated span: sampled, parent known to be local. */
const SPAN_FLAGS = TraceFlags.SAMPLED | HAS_IS_REMOTE;
/** Raw protobuf bytes written per span, about; the writer grows when a payload needs more. */
const BYTES_PER_SPAN = 768;

const SERVER_ADDRESS = pinnedSlot('server.address');
const SERVICE_NAME = pinnedSlot('service.name');
const DD_RESOURCE = pinnedSlot('dd.span.Resource');
const DD_TRACE_ID = pinnedSlot('datadog.trace.id');
const DD_SPAN_ID = pinnedSlot('datadog.span.id');
const SAMPLING_PRIORITY = pinnedSlot('sampling.priority');

/** The attributes of the span being written (one span at a time: translation never pauses inside a span). */
const attrs = new SpanAttributes();
/** Halves of the number just read. */
const n = new Uint32Array(2);

/** A trace id as a map key (the chunks of one trace in a payload share their `_dd.p.tid`). */
function traceKey(s: DDSpan): string {
  int64Parts(s.wire, s.traceIdAt, n);
  return `${n[0]}:${n[1]}`;
}

function kindOf(span: DDSpan, k: string | undefined): SpanKind {
  if (k !== undefined) {
    switch (k.toLowerCase()) {
      case 'server':
        return SpanKind.SERVER;
      case 'client':
        return SpanKind.CLIENT;
      case 'producer':
        return SpanKind.PRODUCER;
      case 'consumer':
        return SpanKind.CONSUMER;
      case 'internal':
        return SpanKind.INTERNAL;
    }
  }
  if (span.type === 'web') return SpanKind.SERVER;
  if (span.type === 'http') return SpanKind.CLIENT;
  // OTel JS has no UNSPECIFIED kind; INTERNAL is the closest it can say.
  return SpanKind.INTERNAL;
}

/** The chunk's `_dd.p.tid`: on its first span by protocol, but any span (or v0.7 chunk tags) will do. */
function chunkTid(chunk: DDChunk): string | undefined {
  const fromTags = validTidHigh(chunk.tags?.['_dd.p.tid']);
  if (fromTags) return fromTags;
  for (const s of chunk.spans) {
    const t = metaGet(s.meta, '_dd.p.tid');
    if (t !== undefined) return validTidHigh(t);
  }
  return undefined;
}

function chunkPriority(chunk: DDChunk): number | undefined {
  if (chunk.priority !== undefined && chunk.priority !== PRIORITY_NONE) return chunk.priority;
  for (const s of chunk.spans) {
    const p = metaGet(s.metrics, '_sampling_priority_v1');
    if (p !== undefined) return p as number;
  }
  return undefined;
}

function toLink(l: DDSpanLink): Link {
  const hasFlags = (l.flags & 0x80000000) !== 0 || (l.flags > 0 && l.flags <= 0xff);
  let traceState: TraceState | undefined;
  if (l.tracestate) traceState = new TraceState(l.tracestate);
  const attributes: Attributes = {};
  for (const k of Object.keys(l.attributes)) setOwn(attributes, k, l.attributes[k]);
  return {
    context: {
      traceId: traceIdHex(l.traceId, l.traceIdHigh),
      spanId: spanIdHex(l.spanId),
      traceFlags: hasFlags ? l.flags & 0xff : 0,
      traceState,
      isRemote: true,
    },
    attributes,
  };
}

function toEvent(e: DDSpanEvent): TimedEvent {
  const attributes: Attributes = {};
  for (const k of Object.keys(e.attributes)) setOwn(attributes, k, e.attributes[k] as string);
  return { name: e.name, time: nsToHrTime(e.timeNs), attributes, droppedAttributesCount: 0 };
}

/**
 * Unlike the datadogreceiver (pending upstream PR #50446), error tags also become the OTel
 * `exception` event backends look for, stamped at the span's end: Datadog does not record when
 * the exception happened.
 */
function exceptionEvent(meta: MetaView, endNs: bigint): TimedEvent | undefined {
  const type = meta.errorType;
  const message = meta.errorMsg ?? meta.errorMessage;
  const stack = meta.errorStack;
  if (type === undefined && message === undefined && stack === undefined) return undefined;
  const attributes: Attributes = {};
  if (type !== undefined) attributes['exception.type'] = type;
  if (message !== undefined) attributes['exception.message'] = message;
  if (stack !== undefined) attributes['exception.stacktrace'] = stack;
  return { name: 'exception', time: nsToHrTime(endNs), attributes, droppedAttributesCount: 0 };
}

export function translatePayload(payload: DDPayload, origin: RequestOrigin, cache: ResourceCache): Translation {
  return runToEnd(translateSteps(payload, origin, cache));
}

/** `translatePayload` as steps that pause between spans, for decoding in slices (receiverhelper/slices.ts). */
export function* translateSteps(payload: DDPayload, origin: RequestOrigin, cache: ResourceCache): Steps<Translation> {
  const ctx = payloadContext(payload.tracer, origin, cache);
  const warnings: string[] = [];
  // Chunks of one trace flushed in the same request share their high trace-id half even if
  // only one carries `_dd.p.tid`.
  const tids = new Map<string, string>();
  const chunkTids: (string | undefined)[] = payload.chunks.map(chunkTid);
  let count = 0;
  payload.chunks.forEach((c, i) => {
    const t = chunkTids[i];
    if (t && c.spans.length > 0) tids.set(traceKey(c.spans[0]), t);
    count += c.spans.length;
  });
  // The payload's own writer and buffer: other payloads are translated while this one pauses.
  const w = new ProtoWriter(count * BYTES_PER_SPAN + 1024, true);
  const out = new SpanRun(ctx.scope);
  let sincePause = 0;
  for (let i = 0; i < payload.chunks.length; i++) {
    const chunk = payload.chunks[i];
    const priority = chunkPriority(chunk);
    let tid: string | undefined;
    let highHi = 0;
    let highLo = 0;
    for (const s of chunk.spans) {
      const t = chunkTids[i] ?? (tids.size > 0 ? tids.get(traceKey(s)) : undefined);
      if (t !== tid) {
        tid = t;
        highHi = t === undefined ? 0 : parseInt(t.slice(0, 8), 16);
        highLo = t === undefined ? 0 : parseInt(t.slice(8), 16);
      }
      writeSpan(w, s, highHi, highLo, priority, ctx, warnings, out);
      if (++sincePause === ITEMS_PER_STEP) {
        sincePause = 0;
        yield;
      }
    }
  }
  return { spans: out.spans(w), warnings };
}

/** Where each span lies in the payload's buffer, kept until the buffer stops growing. */
class SpanRun {
  private readonly offsets: number[] = [];
  private readonly resources: Resource[] = [];

  constructor(private readonly scope: InstrumentationScope) {}

  add(start: number, body: number, end: number, resource: Resource): void {
    this.offsets.push(start, body, end);
    this.resources.push(resource);
  }

  spans(w: ProtoWriter): Span[] {
    const bytes = w.buf.subarray(0, w.pos);
    const o = this.offsets;
    const spans: Span[] = new Array(this.resources.length);
    for (let i = 0; i < spans.length; i++) {
      spans[i] = new EncodedSpan(bytes, o[3 * i], o[3 * i + 1], o[3 * i + 2], TraceFlags.SAMPLED, this.resources[i], this.scope);
    }
    return spans;
  }
}

function writeSpan(
  w: ProtoWriter,
  s: DDSpan,
  tidHi: number,
  tidLo: number,
  priority: number | undefined,
  ctx: PayloadContext,
  warnings: string[],
  out: SpanRun,
): void {
  attrs.begin();
  attrs.addMeta(s.meta);
  attrs.addMetrics(s.metrics);
  const meta = attrs.meta;

  let kind = kindOf(s, meta.kind);
  const named = conventionalName(s.name, s.resource, s.meta, s.error, attrs);
  if (named.kind !== undefined) kind = named.kind;
  if ((kind === SpanKind.CLIENT || kind === SpanKind.PRODUCER || kind === SpanKind.CONSUMER) && !attrs.has(SERVER_ADDRESS)) {
    const peer = meta.peerHostname;
    if (peer) attrs.set(SERVER_ADDRESS, peer);
  }

  const base = meta.baseService;
  const service = base || s.service;
  if (base && base !== s.service) attrs.set(SERVICE_NAME, s.service);
  attrs.set(DD_RESOURCE, s.resource);
  attrs.set(DD_TRACE_ID, TRACE_ID_TEXT);
  attrs.set(DD_SPAN_ID, SPAN_ID_TEXT);
  if (priority !== undefined) attrs.set(SAMPLING_PRIORITY, priority);

  // Ids and times as 32-bit halves, read from the body they came in.
  const wire = s.wire;
  int64Parts(wire, s.traceIdAt, n);
  const traceHi = n[0];
  const traceLo = n[1];
  int64Parts(wire, s.spanIdAt, n);
  const spanHi = n[0];
  const spanLo = n[1];
  int64Parts(wire, s.parentIdAt, n);
  const parentHi = n[0];
  const parentLo = n[1];
  int64Parts(wire, s.startAt, n);
  const startHi = n[0];
  const startLo = n[1];
  int64Parts(wire, s.durationAt, n);
  // end = start + duration when the duration is positive (as a signed 64-bit value), modulo 2^64.
  let endHi = startHi;
  let endLo = startLo;
  if ((n[0] | 0) > 0 || (n[0] === 0 && n[1] > 0)) {
    const lo = startLo + n[1];
    endLo = lo >>> 0;
    endHi = (startHi + n[0] + (lo > 0xffffffff ? 1 : 0)) >>> 0;
  }
  attrs.ids(traceHi, traceLo, spanHi, spanLo);

  let events: TimedEvent[] | undefined;
  let links: Link[] | undefined;
  if (s.spanEvents) events = s.spanEvents.map(toEvent);
  else if (meta.events !== undefined) {
    const parsed = parseEventsJson(meta.events);
    if (parsed.error) warnings.push(parsed.error);
    events = parsed.items.map(toEvent);
  }
  if (s.spanLinks) links = s.spanLinks.map(toLink);
  else if (meta.spanLinks !== undefined) {
    const parsed = parseLinksJson(meta.spanLinks);
    if (parsed.error) warnings.push(parsed.error);
    links = parsed.items.map(toLink);
  }
  // Unlike the datadogreceiver, a span without error is UNSET, not OK: Datadog never states success.
  let errorMessage: string | undefined;
  if (s.error !== 0) {
    errorMessage = meta.errorMsg ?? meta.errorMessage ?? '';
    const ex = exceptionEvent(meta, (BigInt(endHi) << 32n) | BigInt(endLo));
    if (ex && !(events ?? []).some((e) => e.name === 'exception')) (events ??= []).push(ex);
  }

  // ScopeSpans.spans (field 2) holding a Span, fields in the order the OTLP encoder writes them.
  const start = w.pos;
  w.tag1((2 << 3) | 2);
  const m = w.begin(2);
  w.tag1((1 << 3) | 2);
  w.tag1(16);
  w.u32be(tidHi);
  w.u32be(tidLo);
  w.u32be(traceHi);
  w.u32be(traceLo);
  w.tag1((2 << 3) | 2);
  w.tag1(8);
  w.u32be(spanHi);
  w.u32be(spanLo);
  if ((parentHi | parentLo) !== 0) {
    w.tag1((4 << 3) | 2);
    w.tag1(8);
    w.u32be(parentHi);
    w.u32be(parentLo);
  }
  w.tag1((5 << 3) | 2);
  w.string(named.name);
  // The API's SpanKind has no "unspecified": OTLP's enum is the API's plus one.
  w.tag1((6 << 3) | 0);
  w.u32(kind + 1);
  w.tag1((7 << 3) | 1);
  w.fixed64(startLo, startHi);
  w.tag1((8 << 3) | 1);
  w.fixed64(endLo, endHi);
  attrs.write(w);
  w.tag1((10 << 3) | 0);
  w.u32(0);
  if (events) for (const e of events) writeEvent(w, e);
  w.tag1((12 << 3) | 0);
  w.u32(0);
  if (links) for (const l of links) writeLink(w, l);
  w.tag1((14 << 3) | 0);
  w.u32(0);
  writeStatus(w, errorMessage === undefined ? SpanStatusCode.UNSET : SpanStatusCode.ERROR, errorMessage);
  w.u32((16 << 3) | 5);
  w.fixed32(SPAN_FLAGS);
  const len = w.endAt(m, 2);
  const resource = ctx.resource(service, meta.env ?? ctx.tracer.env ?? '', meta.version ?? ctx.tracer.appVersion ?? '', meta.hostname ?? ctx.tracer.hostname ?? '');
  out.add(start, m + varintSize(len), w.pos, resource);
}
