import type { AnyValue, AnyValueMap } from '@opentelemetry/api-logs';
import type { LogRecord } from '../../src/consumer/consumer';
import { makeLogRecord } from '../../src/data/builders';
import { parseSpanIdText, parseTraceIdText } from '../../src/data/ids';
import type { ResourceCache } from '../../src/data/resource';
import { hrTimeToNs } from '../../src/data/time';
import { severityOf } from './severity';

/** What a Pipeline run leaves behind: the point's fields and tags, its time, and the drop flag. */
export interface Point {
  fields: Record<string, unknown>;
  tags: Record<string, string>;
  timeNs: bigint | null;
}

const BODY_KEYS = ['message', 'msg'];
const LEVEL_KEYS = ['level', 'severity', 'log.level', 'levelname'];
const TRACE_KEYS = ['trace_id', 'dd.trace_id', 'dd_trace_id', 'traceid'];
const SPAN_KEYS = ['span_id', 'dd.span_id', 'dd_span_id', 'spanid'];
/** Point keys that name the origin and so become resource attributes. */
const RESOURCE_KEYS: Record<string, string> = {
  service: 'service.name',
  'dd.service': 'service.name',
  env: 'deployment.environment.name',
  'dd.env': 'deployment.environment.name',
  version: 'service.version',
  'dd.version': 'service.version',
};

/** Turns a value of the Pipeline language into an OTel AnyValue (exact integers where JS can hold them). */
export function toAnyValue(v: unknown): AnyValue {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(toAnyValue);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), toAnyValue(x)]));
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toAnyValue(x)]));
  return v as AnyValue;
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'number') return String(v);
  return undefined;
}

/** The first of `keys` present in the point's fields or tags, taken out of `rest`. */
function take(rest: Map<string, unknown>, keys: string[]): unknown {
  for (const k of keys) {
    if (rest.has(k)) {
      const v = rest.get(k);
      rest.delete(k);
      return v;
    }
  }
  return undefined;
}

/** A nested `dd` map (pino/winston JSON logs) flattened to `dd.trace_id`-style keys. */
function flattenDd(rest: Map<string, unknown>): void {
  const dd = rest.get('dd');
  if (!dd || typeof dd !== 'object' || Array.isArray(dd)) return;
  const entries = dd instanceof Map ? [...dd] : Object.entries(dd);
  for (const [k, v] of entries) if (!rest.has(`dd.${k}`)) rest.set(`dd.${k}`, v);
  rest.delete('dd');
}

/**
 * Maps a Pipeline point onto the OTel log record it came from: time, body, severity, trace
 * context (by the same identity rules as the Datadog receiver, so the log joins its span),
 * origin → resource, and every other field or tag → an attribute with its type.
 */
export function pointToRecord(original: LogRecord, point: Point, resources: ResourceCache): LogRecord {
  const rest = new Map<string, unknown>(Object.entries(point.fields));
  for (const [k, v] of Object.entries(point.tags)) rest.set(k, v);
  flattenDd(rest);

  const bodyValue = take(rest, BODY_KEYS);
  const level = take(rest, LEVEL_KEYS);
  // Datakit always leaves a normalised `status` (default "info"): the written level wins over it.
  const status = take(rest, ['status']);
  const traceText = text(take(rest, TRACE_KEYS));
  const spanText = text(take(rest, SPAN_KEYS));

  const resourceAttrs: Record<string, string> = { ...(original.resource.attributes as Record<string, string>) };
  for (const [key, attr] of Object.entries(RESOURCE_KEYS)) {
    const v = rest.get(key);
    if (v !== undefined) {
      rest.delete(key);
      const t = text(v);
      if (t !== undefined && t !== '') resourceAttrs[attr] = t;
    }
  }

  const attributes: AnyValueMap = { ...original.attributes };
  for (const [k, v] of rest) attributes[k] = toAnyValue(v);

  const traceIds = traceText !== undefined ? parseTraceIdText(traceText) : undefined;
  const spanIds = spanText !== undefined ? parseSpanIdText(spanText) : undefined;
  if (traceIds) attributes['datadog.trace.id'] = traceIds.decimal;
  else if (traceText !== undefined && traceText !== '') attributes['datadog.trace.id'] = traceText;
  if (spanIds) attributes['datadog.span.id'] = spanIds.decimal;
  else if (spanText !== undefined && spanText !== '') attributes['datadog.span.id'] = spanText;

  const severity = severityOf(level) ?? severityOf(status);
  if (level !== undefined && !severityOf(level)) attributes['log.level'] = toAnyValue(level);

  return makeLogRecord({
    timeNs: point.timeNs ?? hrTimeToNs(original.hrTime),
    observedNs: hrTimeToNs(original.hrTimeObserved),
    traceId: traceIds && spanIds ? traceIds.traceId : undefined,
    spanId: traceIds && spanIds ? spanIds.spanId : undefined,
    severityText: severity?.text ?? original.severityText,
    severityNumber: severity?.number ?? original.severityNumber,
    body: bodyValue === undefined ? original.body : toAnyValue(bodyValue),
    attributes,
    resource: resources.get(resourceAttrs),
    scope: original.instrumentationScope,
    eventName: original.eventName,
  });
}
