/** The point a Pipeline run leaves, mapped onto the OTel log record the line came from. */
import type { AnyValue, AnyValueMap } from '@opentelemetry/api-logs';
import { TraceFlags } from '@opentelemetry/api';
import type { LogRecord } from '../../src/consumer/consumer';
import { withLog } from '../../src/data/builders';
import { parseSpanIdText, parseTraceIdText } from '../../src/data/ids';
import type { ResourceCache } from '../../src/data/resource';
import { nsToHrTime } from '../../src/data/time';
import type { RunMapsResult } from '../../src/lang';
import { setOwn } from '../../src/util/own';
import { idsInLine } from './line-ids';
import { severityOf } from './severity';

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

/** Fields and tags as one map (a tag wins over a field of the same name); copies only when there are tags. */
function viewOf(point: RunMapsResult): ReadonlyMap<string, unknown> {
  if (point.tags.size === 0) return point.fields;
  const view = new Map<string, unknown>(point.fields);
  point.tags.forEach((v, k) => view.set(k, v));
  return view;
}

/**
 * The body: `message` when the script wrote it (a capture or rename), else a `msg` capture (pino's
 * key), else the line as read. `message` starts as the line itself, so only a changed one counts.
 */
function bodyKeyOf(view: ReadonlyMap<string, unknown>, line: unknown): string | undefined {
  const message = view.get('message');
  if (message !== undefined && message !== line) return 'message';
  if (view.get('msg') !== undefined) return 'msg';
  return undefined;
}

const RESOURCE_KEY_LIST = Object.keys(RESOURCE_KEYS);
const RESOURCE_KEY_SET = new Set(RESOURCE_KEY_LIST);

/** Filled by pointToRecord for the caller that joins the record to its trace. */
export interface MappedIds {
  /** The low 16 hex digits of a trace id written without a high half (see LogIds.low), else undefined. */
  low?: string;
  /** Its two 32-bit words. */
  lowHi: number;
  lowLo: number;
}

/**
 * Maps a Pipeline point onto the OTel log record it came from: time, body, severity, trace
 * context (by the same identity rules as the Datadog receiver, so the log joins its span),
 * origin → resource, and every other field or tag → an attribute with its type.
 */
export function pointToRecord(original: LogRecord, point: RunMapsResult, resources: ResourceCache, ids?: MappedIds): LogRecord {
  const view = viewOf(point);
  const bodyKey = bodyKeyOf(view, original.body);
  const levelKey = firstKey(view, LEVEL_KEYS);
  const traceKey = firstKey(view, TRACE_KEYS);
  const spanKey = firstKey(view, SPAN_KEYS);
  const level = levelKey && view.get(levelKey);
  // Datakit always leaves a normalised `status` (default "info"): the written level wins over it.
  const status = view.get('status');
  let traceText = traceKey && text(view.get(traceKey));
  let spanText = spanKey && text(view.get(spanKey));
  if (traceKey === undefined && spanKey === undefined && typeof original.body === 'string') {
    // The script kept no ids: those the tracer injected still join the line to its span.
    const found = idsInLine(original.body);
    traceText = found?.trace;
    spanText = found?.span;
  }

  let origin: Record<string, string> | undefined;
  for (const key of RESOURCE_KEY_LIST) {
    const t = text(view.get(key));
    if (t !== undefined && t !== '') (origin ??= {})[RESOURCE_KEYS[key]] = t;
  }

  // Plain assignment on the hot path; only the one key that assignment would misread (`__proto__`)
  // goes through setOwn.
  const attributes: AnyValueMap = {};
  for (const k in original.attributes) {
    if (k === '__proto__') setOwn(attributes, k, original.attributes[k]);
    else attributes[k] = original.attributes[k];
  }
  view.forEach((v, k) => {
    if (k === bodyKey || k === 'message' || k === levelKey || k === traceKey || k === spanKey || k === 'status' || RESOURCE_KEY_SET.has(k)) return;
    const value = typeof v === 'string' ? v : toAnyValue(v);
    if (k === '__proto__') setOwn(attributes, k, value);
    else attributes[k] = value;
  });

  const traceIds = traceText ? parseTraceIdText(traceText) : undefined;
  const spanIds = spanText ? parseSpanIdText(spanText) : undefined;
  if (traceIds) attributes['datadog.trace.id'] = traceIds.decimal;
  else if (traceText) attributes['datadog.trace.id'] = traceText;
  if (spanIds) attributes['datadog.span.id'] = spanIds.decimal;
  else if (spanText) attributes['datadog.span.id'] = spanText;

  if (ids) {
    const low = traceIds && spanIds ? traceIds.low : undefined;
    ids.low = low;
    ids.lowHi = low === undefined ? 0 : traceIds!.lowHi;
    ids.lowLo = low === undefined ? 0 : traceIds!.lowLo;
  }

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
