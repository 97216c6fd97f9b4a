import { SpanKind, SpanStatusCode, TraceFlags, type Attributes, type HrTime, type Link, type SpanContext, type SpanStatus } from '@opentelemetry/api';
import type { SeverityNumber, LogBody, LogAttributes } from '@opentelemetry/api-logs';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { TimedEvent } from '@opentelemetry/sdk-trace-base';
import type { LogRecord, Span } from '../consumer/consumer';
import { EncodedLogRecord } from '../otlp/encoded-log';
import { EncodedSpan } from '../otlp/encoded-span';
import { hrTimeToNs, nsToHrTime } from './time';

export interface SpanInit {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind?: SpanKind;
  startNs: bigint;
  endNs: bigint;
  status?: SpanStatus;
  attributes?: Attributes;
  links?: Link[];
  events?: TimedEvent[];
  resource: Resource;
  scope?: InstrumentationScope;
  droppedAttributesCount?: number;
  droppedEventsCount?: number;
  droppedLinksCount?: number;
}

export const DEFAULT_SCOPE: InstrumentationScope = { name: 'dd-otel-bridge' };

/** A ReadableSpan as plain data: what every receiver produces and the OTLP serializers read. */
export function makeSpan(init: SpanInit): Span {
  const ctx: SpanContext = { traceId: init.traceId, spanId: init.spanId, traceFlags: TraceFlags.SAMPLED, isRemote: false };
  const durationNs = init.endNs > init.startNs ? init.endNs - init.startNs : 0n;
  return {
    name: init.name,
    kind: init.kind ?? SpanKind.INTERNAL,
    spanContext: () => ctx,
    parentSpanContext: init.parentSpanId
      ? { traceId: init.traceId, spanId: init.parentSpanId, traceFlags: TraceFlags.SAMPLED, isRemote: false }
      : undefined,
    startTime: nsToHrTime(init.startNs),
    endTime: nsToHrTime(init.startNs + durationNs),
    duration: nsToHrTime(durationNs),
    status: init.status ?? { code: SpanStatusCode.UNSET },
    attributes: init.attributes ?? {},
    links: init.links ?? [],
    events: init.events ?? [],
    ended: true,
    resource: init.resource,
    instrumentationScope: init.scope ?? DEFAULT_SCOPE,
    droppedAttributesCount: init.droppedAttributesCount ?? 0,
    droppedEventsCount: init.droppedEventsCount ?? 0,
    droppedLinksCount: init.droppedLinksCount ?? 0,
  };
}

export interface LogInit {
  timeNs: bigint;
  observedNs: bigint;
  traceId?: string;
  spanId?: string;
  severityText?: string;
  severityNumber?: SeverityNumber;
  body?: LogBody;
  attributes?: LogAttributes;
  resource: Resource;
  scope?: InstrumentationScope;
  eventName?: string;
  droppedAttributesCount?: number;
}

export function makeLogRecord(init: LogInit): LogRecord {
  return makeLogRecordAt(init, nsToHrTime(init.timeNs), nsToHrTime(init.observedNs));
}

/**
 * makeLogRecord with its times already converted: the records of one file read share theirs
 * (records are never changed in place), where two conversions per line made four BigInts and two
 * arrays that a chunk's records then kept.
 */
export function makeLogRecordAt(init: Omit<LogInit, 'timeNs' | 'observedNs'>, hrTime: HrTime, hrTimeObserved: HrTime): LogRecord {
  return {
    hrTime,
    hrTimeObserved,
    spanContext:
      init.traceId && init.spanId
        ? { traceId: init.traceId, spanId: init.spanId, traceFlags: TraceFlags.SAMPLED }
        : undefined,
    severityText: init.severityText,
    severityNumber: init.severityNumber,
    body: init.body,
    eventName: init.eventName,
    resource: init.resource,
    instrumentationScope: init.scope ?? DEFAULT_SCOPE,
    attributes: init.attributes ?? {},
    droppedAttributesCount: init.droppedAttributesCount ?? 0,
  };
}

/** A shallow copy with some fields replaced; records are treated as immutable once built. */
export function withLog(r: LogRecord, patch: Partial<{ -readonly [K in keyof LogRecord]: LogRecord[K] }>): LogRecord {
  return r instanceof EncodedLogRecord ? r.with(patch) : { ...r, ...patch };
}

export function withSpan(s: Span, patch: Partial<{ -readonly [K in keyof Span]: Span[K] }>): Span {
  return s instanceof EncodedSpan ? s.with(patch) : { ...s, ...patch };
}

export function spanStartNs(s: Span): bigint {
  return hrTimeToNs(s.startTime);
}

export type { HrTime };
