import type { Attributes } from '@opentelemetry/api';
import type { LogRecord, Span } from '../../src/consumer/consumer';
import { hrTimeToNs } from '../../src/data/time';

/** Human-readable text for the debug exporter; pure so it can be tested byte for byte. */
export function formatAttributes(attrs: Attributes | Record<string, unknown>): string {
  return Object.entries(attrs)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x))}`)
    .join(' ');
}

export function formatSpan(s: Span, detailed: boolean): string {
  const ctx = s.spanContext();
  const head = `span ${s.name} trace_id=${ctx.traceId} span_id=${ctx.spanId} parent_id=${s.parentSpanContext?.spanId ?? ''} kind=${s.kind} status=${s.status.code}`;
  if (!detailed) return head;
  return [
    head,
    `  start=${hrTimeToNs(s.startTime)} end=${hrTimeToNs(s.endTime)}`,
    `  resource: ${formatAttributes(s.resource.attributes)}`,
    `  attributes: ${formatAttributes(s.attributes)}`,
    ...s.events.map((e) => `  event ${e.name}: ${formatAttributes(e.attributes ?? {})}`),
    ...s.links.map((l) => `  link trace_id=${l.context.traceId} span_id=${l.context.spanId}`),
  ].join('\n');
}

export function formatLog(r: LogRecord, detailed: boolean): string {
  const body = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  const head = `log ${r.severityText ?? ''}(${r.severityNumber ?? 0}) trace_id=${r.spanContext?.traceId ?? ''} span_id=${r.spanContext?.spanId ?? ''} body=${body}`;
  if (!detailed) return head;
  return [
    head,
    `  time=${hrTimeToNs(r.hrTime)} observed=${hrTimeToNs(r.hrTimeObserved)}`,
    `  resource: ${formatAttributes(r.resource.attributes)}`,
    `  attributes: ${formatAttributes(r.attributes)}`,
  ].join('\n');
}
