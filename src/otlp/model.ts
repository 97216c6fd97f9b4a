/**
 * Decoded OTLP → the SDK shapes every receiver produces (ReadableSpan / ReadableLogRecord).
 * Spans of one ResourceSpans share one Resource object and spans of one ScopeSpans share one
 * scope object, because the OTLP serializers group by object identity when re-encoding.
 */
import { TraceFlags, type Attributes, type Link, type SpanContext, type SpanKind } from '@opentelemetry/api';
import type { LogBody, SeverityNumber } from '@opentelemetry/api-logs';
import { TraceState } from '@opentelemetry/core';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { TimedEvent } from '@opentelemetry/sdk-trace-base';
import type { LogRecord, Span } from '../consumer/consumer';
import { nsToHrTime } from '../data/time';
import { ITEMS_PER_STEP, type Steps } from '../receiverhelper/slices';
import { OtlpDataError, type LogIr, type ResourceGroup, type ResourceIr, type ScopeIr, type SpanIr } from './ir';

/** OTLP span flags: bit 8 says whether bit 9 (parent/link context is remote) is known. */
const FLAG_HAS_IS_REMOTE = 0x100;
const FLAG_IS_REMOTE = 0x200;

function checkId(hex: string, len: number, what: string, path: string): void {
  if (hex.length !== len) {
    throw new OtlpDataError(`${path}: ${what} must be ${len / 2} bytes (${len} hex digits), got ${hex.length / 2} bytes`);
  }
}

function toResource(r: ResourceIr): Resource {
  return resourceFromAttributes(r.attributes, r.schemaUrl ? { schemaUrl: r.schemaUrl } : undefined);
}

function toScope(s: ScopeIr): Span['instrumentationScope'] {
  // Attributes ride along on the scope object: the serializers write them when present.
  return { ...s } as Span['instrumentationScope'];
}

function traceState(s: string | undefined): TraceState | undefined {
  return s ? new TraceState(s) : undefined;
}

function isRemote(flags: number): boolean {
  return (flags & (FLAG_HAS_IS_REMOTE | FLAG_IS_REMOTE)) === (FLAG_HAS_IS_REMOTE | FLAG_IS_REMOTE);
}

function toSpan(s: SpanIr, resource: Resource, scope: Span['instrumentationScope'], path: string): Span {
  checkId(s.traceId, 32, 'trace_id', path);
  checkId(s.spanId, 16, 'span_id', path);
  if (s.parentSpanId !== undefined) checkId(s.parentSpanId, 16, 'parent_span_id', path);
  const traceFlags = s.flags & 0xff;
  const ts = traceState(s.traceState);
  const ctx: SpanContext = { traceId: s.traceId, spanId: s.spanId, traceFlags, isRemote: false, traceState: ts };
  const end = s.endNs >= s.startNs ? s.endNs : s.startNs;
  const events: TimedEvent[] = s.events.map((e) => ({
    time: nsToHrTime(e.timeNs),
    name: e.name,
    attributes: e.attributes,
    droppedAttributesCount: e.droppedAttributesCount,
  }));
  const links: Link[] = s.links.map((l, i) => {
    checkId(l.traceId, 32, 'trace_id', `${path}.links[${i}]`);
    checkId(l.spanId, 16, 'span_id', `${path}.links[${i}]`);
    return {
      context: {
        traceId: l.traceId,
        spanId: l.spanId,
        traceFlags: l.flags & 0xff,
        isRemote: isRemote(l.flags),
        traceState: traceState(l.traceState),
      },
      attributes: l.attributes,
      droppedAttributesCount: l.droppedAttributesCount,
    };
  });
  return {
    name: s.name,
    // OTLP numbers kinds from 1 (0 = unspecified); the API from 0 with no "unspecified".
    kind: (s.kind > 0 && s.kind <= 5 ? s.kind - 1 : 0) as SpanKind,
    spanContext: () => ctx,
    parentSpanContext: s.parentSpanId
      ? { traceId: s.traceId, spanId: s.parentSpanId, traceFlags, isRemote: isRemote(s.flags), traceState: ts }
      : undefined,
    startTime: nsToHrTime(s.startNs),
    endTime: nsToHrTime(end),
    duration: nsToHrTime(end - s.startNs),
    status: s.status.message ? { code: s.status.code, message: s.status.message } : { code: s.status.code },
    attributes: s.attributes,
    links,
    events,
    ended: true,
    resource,
    instrumentationScope: scope,
    droppedAttributesCount: s.droppedAttributesCount,
    droppedEventsCount: s.droppedEventsCount,
    droppedLinksCount: s.droppedLinksCount,
  };
}

function toLog(l: LogIr, resource: Resource, scope: LogRecord['instrumentationScope'], path: string): LogRecord {
  if (l.traceId !== undefined) checkId(l.traceId, 32, 'trace_id', path);
  if (l.spanId !== undefined) checkId(l.spanId, 16, 'span_id', path);
  return {
    hrTime: nsToHrTime(l.timeNs),
    hrTimeObserved: nsToHrTime(l.observedNs),
    spanContext:
      l.traceId !== undefined
        ? { traceId: l.traceId, spanId: l.spanId ?? '', traceFlags: (l.flags & 0xff) as TraceFlags }
        : undefined,
    severityText: l.severityText,
    severityNumber: l.severityNumber ? (l.severityNumber as SeverityNumber) : undefined,
    body: l.body as LogBody | undefined,
    eventName: l.eventName,
    resource,
    instrumentationScope: scope,
    attributes: l.attributes as Attributes,
    droppedAttributesCount: l.droppedAttributesCount,
  };
}

/** Converts every item, pausing between items so a large request is converted in slices. */
function* flatten<I, O>(
  groups: ResourceGroup<I>[],
  kind: string,
  convert: (item: I, resource: Resource, scope: Span['instrumentationScope'], path: string) => O,
): Steps<O[]> {
  const out: O[] = [];
  let sincePause = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    const resource = toResource(g.resource);
    for (let j = 0; j < g.scopes.length; j++) {
      const sg = g.scopes[j];
      const scope = toScope(sg.scope);
      for (let k = 0; k < sg.items.length; k++) {
        out.push(convert(sg.items[k], resource, scope, `${kind}[${i}][${j}][${k}]`));
        if (++sincePause === ITEMS_PER_STEP) {
          sincePause = 0;
          yield;
        }
      }
    }
  }
  return out;
}

export function toSpans(groups: ResourceGroup<SpanIr>[]): Steps<Span[]> {
  return flatten(groups, 'span', toSpan);
}

export function toLogRecords(groups: ResourceGroup<LogIr>[]): Steps<LogRecord[]> {
  return flatten(groups, 'log_record', toLog);
}
