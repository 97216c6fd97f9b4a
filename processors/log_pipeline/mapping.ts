import type { AnyValue, AnyValueMap } from '@opentelemetry/api-logs';
import type { LogRecord } from '../../src/consumer/consumer';
import { TraceFlags } from '@opentelemetry/api';
import { withLog } from '../../src/data/builders';
import { parseSpanIdText, parseTraceIdText } from '../../src/data/ids';
import type { ResourceCache } from '../../src/data/resource';
import { nsToHrTime } from '../../src/data/time';
import { severityOf } from './severity';

/** What a Pipeline run leaves behind: the point's fields and tags, its time, and the drop flag. */
export interface Point {
  fields: Record<string, unknown>;
  tags: Record<string, string>;
  timeNs: bigint | null;
}

/** The same point as the interpreter holds it (CompiledScript.runMaps): what the processor maps. */
export interface MapPoint {
  fields: ReadonlyMap<string, unknown>;
  tags: ReadonlyMap<string, string>;
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

/** The first of `keys` present in `view`. */
function firstKey(view: ReadonlyMap<string, unknown>, keys: readonly string[]): string | undefined {
  for (const k of keys) if (view.get(k) !== undefined) return k;
  return undefined;
}

function isMapPoint(p: Point | MapPoint): p is MapPoint {
  return p.fields instanceof Map;
}

/**
 * Fields and tags as one map (a tag wins over a field of the same name, keeping the field's place),
 * with a nested `dd` map (pino/winston JSON logs) flattened to `dd.trace_id`-style keys. Copies only
 * when it must: most points have no tags and no `dd` map.
 */
function viewOf(point: Point | MapPoint): ReadonlyMap<string, unknown> {
  const mp = isMapPoint(point);
  const fields: ReadonlyMap<string, unknown> = mp ? point.fields : new Map(Object.entries(point.fields));
  const tags: ReadonlyMap<string, string> = mp ? point.tags : new Map(Object.entries(point.tags));
  const dd = fields.get('dd');
  const hasDd = !!dd && typeof dd === 'object' && !Array.isArray(dd);
  if (!hasDd && tags.size === 0) return fields;
  const view = new Map(fields);
  tags.forEach((v, k) => view.set(k, v));
  if (hasDd) {
    view.delete('dd');
    const entries = dd instanceof Map ? [...dd] : Object.entries(dd as object);
    for (const [k, v] of entries) if (view.get(`dd.${k}`) === undefined) view.set(`dd.${k}`, v);
  }
  return view;
}

const RESOURCE_KEY_LIST = Object.keys(RESOURCE_KEYS);
const RESOURCE_KEY_SET = new Set(RESOURCE_KEY_LIST);

/**
 * Maps a Pipeline point onto the OTel log record it came from: time, body, severity, trace
 * context (by the same identity rules as the Datadog receiver, so the log joins its span),
 * origin → resource, and every other field or tag → an attribute with its type.
 */
export function pointToRecord(original: LogRecord, point: Point | MapPoint, resources: ResourceCache): LogRecord {
  const view = viewOf(point);
  const bodyKey = firstKey(view, BODY_KEYS);
  const levelKey = firstKey(view, LEVEL_KEYS);
  const traceKey = firstKey(view, TRACE_KEYS);
  const spanKey = firstKey(view, SPAN_KEYS);
  const level = levelKey && view.get(levelKey);
  // Datakit always leaves a normalised `status` (default "info"): the written level wins over it.
  const status = view.get('status');
  const traceText = traceKey && text(view.get(traceKey));
  const spanText = spanKey && text(view.get(spanKey));

  let origin: Record<string, string> | undefined;
  for (const key of RESOURCE_KEY_LIST) {
    const t = text(view.get(key));
    if (t !== undefined && t !== '') (origin ??= {})[RESOURCE_KEYS[key]] = t;
  }

  const attributes: AnyValueMap = {};
  for (const k in original.attributes) attributes[k] = original.attributes[k];
  view.forEach((v, k) => {
    if (k === bodyKey || k === levelKey || k === traceKey || k === spanKey || k === 'status' || RESOURCE_KEY_SET.has(k)) return;
    attributes[k] = typeof v === 'string' ? v : toAnyValue(v);
  });

  const traceIds = traceText ? parseTraceIdText(traceText) : undefined;
  const spanIds = spanText ? parseSpanIdText(spanText) : undefined;
  if (traceIds) attributes['datadog.trace.id'] = traceIds.decimal;
  else if (traceText) attributes['datadog.trace.id'] = traceText;
  if (spanIds) attributes['datadog.span.id'] = spanIds.decimal;
  else if (spanText) attributes['datadog.span.id'] = spanText;

  const levelSeverity = severityOf(level);
  const severity = levelSeverity ?? severityOf(status);
  if (levelKey && !levelSeverity) attributes['log.level'] = toAnyValue(level);

  return withLog(original, {
    hrTime: point.timeNs === null ? original.hrTime : nsToHrTime(point.timeNs),
    spanContext: traceIds && spanIds ? { traceId: traceIds.traceId, spanId: spanIds.spanId, traceFlags: TraceFlags.SAMPLED } : undefined,
    severityText: severity?.text ?? original.severityText,
    severityNumber: severity?.number ?? original.severityNumber,
    body: bodyKey === undefined ? original.body : toAnyValue(view.get(bodyKey)),
    attributes,
    resource: origin ? resources.derive(original.resource, origin) : original.resource,
  });
}
