/**
 * A span whose content is already its OTLP protobuf: the trace receivers write each span once,
 * straight into the bytes the OTLP exporter sends, and the encoder copies them (encode-traces-proto).
 * It still presents the SDK's ReadableSpan interface: a processor that reads a field gets it decoded
 * from those bytes on first use (then kept), so the data model stays the SDK's shape for everyone.
 */
import { SpanStatusCode, type Attributes, type HrTime, type Link, type SpanContext, type SpanKind, type SpanStatus } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { decodeSpans } from './decode';
import { hexAt, oneItemRequest } from './encoded-item';

export class EncodedSpan implements ReadableSpan {
  private decoded: ReadableSpan | undefined;
  private context: SpanContext | undefined;

  /**
   * `bytes[start, end)` is the span as field 2 of a ScopeSpans (tag, length, Span message), so the
   * spans of one request that share a resource and scope are copied as one run. `body` is where the
   * Span message starts. A producer writes trace_id and span_id first, no trace_state, and passes
   * the span's trace flags: then `spanContext()` costs no decoding.
   */
  constructor(
    readonly bytes: Buffer,
    readonly start: number,
    readonly body: number,
    readonly end: number,
    readonly traceFlags: number,
    readonly resource: Resource,
    readonly instrumentationScope: InstrumentationScope,
  ) {}

  spanContext(): SpanContext {
    if (this.context) return this.context;
    const b = this.bytes;
    const p = this.body;
    if (b[p] === 0x0a && b[p + 1] === 16 && b[p + 18] === 0x12 && b[p + 19] === 8) {
      this.context = { traceId: hexAt(b, p + 2, 16), spanId: hexAt(b, p + 20, 8), traceFlags: this.traceFlags, isRemote: false };
    } else {
      this.context = this.view().spanContext();
    }
    return this.context;
  }

  /** The span as plain SDK data, decoded from the bytes once. */
  view(): ReadableSpan {
    if (this.decoded) return this.decoded;
    const s = decodeSpans(oneItemRequest(this.bytes, this.start, this.end), 'proto')[0];
    // Bytes cannot tell an empty error message from none; the producers state one for every error.
    const status = s.status.code === SpanStatusCode.ERROR && s.status.message === undefined ? { code: s.status.code, message: '' } : s.status;
    this.decoded = { ...s, status, resource: this.resource, instrumentationScope: this.instrumentationScope };
    return this.decoded;
  }

  /** A copy with another resource (the bytes do not hold it), or a plain span with other fields. */
  with(patch: Partial<{ -readonly [K in keyof ReadableSpan]: ReadableSpan[K] }>): ReadableSpan {
    const keys = Object.keys(patch);
    if (keys.length === 1 && keys[0] === 'resource' && patch.resource) {
      return new EncodedSpan(this.bytes, this.start, this.body, this.end, this.traceFlags, patch.resource, this.instrumentationScope);
    }
    return { ...this.view(), ...patch };
  }

  get name(): string {
    return this.view().name;
  }
  get kind(): SpanKind {
    return this.view().kind;
  }
  get parentSpanContext(): SpanContext | undefined {
    return this.view().parentSpanContext;
  }
  get startTime(): HrTime {
    return this.view().startTime;
  }
  get endTime(): HrTime {
    return this.view().endTime;
  }
  get duration(): HrTime {
    return this.view().duration;
  }
  get status(): SpanStatus {
    return this.view().status;
  }
  get attributes(): Attributes {
    return this.view().attributes;
  }
  get links(): Link[] {
    return this.view().links;
  }
  get events(): TimedEvent[] {
    return this.view().events;
  }
  get ended(): boolean {
    return true;
  }
  get droppedAttributesCount(): number {
    return this.view().droppedAttributesCount;
  }
  get droppedEventsCount(): number {
    return this.view().droppedEventsCount;
  }
  get droppedLinksCount(): number {
    return this.view().droppedLinksCount;
  }
}
