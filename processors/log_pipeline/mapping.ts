/** The point a Pipeline run leaves, mapped onto the OTel log record the line came from. */
import type { AnyValue, AnyValueMap } from '@opentelemetry/api-logs';
import { TraceFlags } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { LogRecord } from '../../src/consumer/consumer';
import { withLog } from '../../src/data/builders';
import { parseSpanIdText, parseTraceIdText, spanIdWords, traceIdWords, type SpanIdWords, type TraceIdWords } from '../../src/data/ids';
import type { ResourceCache } from '../../src/data/resource';
import { nsToHrTime } from '../../src/data/time';
import type { RunMapsResult } from '../../src/lang';
import { writeKeyValue, writeKeyValues } from '../../src/otlp/encode-common-proto';
import { LOG_ATTRIBUTE_TAG, writeLogHead, writeLogTail, type WordContext } from '../../src/otlp/encode-logs-proto';
import { EncodedLogRecord, type RecordSlabs } from '../../src/otlp/encoded-log';
import { keyField, varintSize } from '../../src/otlp/proto-writer';
import { setOwn } from '../../src/util/own';
import { idsInLine } from './line-ids';
import { severityOf } from './severity';

const LEVEL_KEYS = ['level', 'severity', 'log.level', 'levelname'];
const TRACE_KEYS = ['trace_id', 'dd.trace_id', 'dd_trace_id', 'traceid'];
const SPAN_KEYS = ['span_id', 'dd.span_id', 'dd_span_id', 'spanid'];
/** Point keys that name the origin and so become resource attributes (a `dd.` key wins over the plain one). */
const SERVICE_KEYS = ['service', 'dd.service'];
const ENV_KEYS = ['env', 'dd.env'];
const VERSION_KEYS = ['version', 'dd.version'];

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

const RESOURCE_KEY_SET = new Set([...SERVICE_KEYS, ...ENV_KEYS, ...VERSION_KEYS]);

/** The text of the last of `keys` whose value has some, as the origin reads it. */
function lastText(view: ReadonlyMap<string, unknown>, keys: readonly string[]): string | undefined {
  let found: string | undefined;
  for (const k of keys) {
    const t = text(view.get(k));
    if (t !== undefined && t !== '') found = t;
  }
  return found;
}

/** The last few origins resolved, with the resource each gave: consecutive lines mostly share one. */
interface OriginMemo {
  resources: ResourceCache;
  base: Resource;
  service: string | undefined;
  env: string | undefined;
  version: string | undefined;
  resource: Resource;
}
const originMemo: OriginMemo[] = [];
const ORIGIN_MEMO = 4;
let originNext = 0;

/** The record's resource: the original one, with the origin the point names (if any) set on it. */
function resourceOf(m: Reading, original: LogRecord, resources: ResourceCache): Resource {
  const { service, env, version } = m;
  if (service === undefined && env === undefined && version === undefined) return original.resource;
  const base = original.resource;
  for (let i = 0; i < originMemo.length; i++) {
    const o = originMemo[i];
    if (o.base === base && o.service === service && o.env === env && o.version === version && o.resources === resources) return o.resource;
  }
  const origin: Record<string, string> = {};
  if (service !== undefined) origin['service.name'] = service;
  if (env !== undefined) origin['deployment.environment.name'] = env;
  if (version !== undefined) origin['service.version'] = version;
  const resource = resources.derive(base, origin);
  const entry = { resources, base, service, env, version, resource };
  if (originMemo.length < ORIGIN_MEMO) originMemo.push(entry);
  else originMemo[originNext++ % ORIGIN_MEMO] = entry;
  return resource;
}

/** Filled by pointToRecord for the caller that joins the record to its trace. */
export interface MappedIds {
  /** Both a trace id and a span id were read: the record has a trace context. */
  ids?: boolean;
  /** The trace id was written without a high half, so it may name a 128-bit trace (see LogIds.low). */
  narrow?: boolean;
  /** The two 32-bit words of its low half (0 when not narrow). */
  lowHi: number;
  lowLo: number;
}

/** What a point says, read once: which keys play which part, the ids as written, the origin. */
interface Reading {
  view: ReadonlyMap<string, unknown>;
  bodyKey: string | undefined;
  levelKey: string | undefined;
  traceKey: string | undefined;
  spanKey: string | undefined;
  traceText: string | undefined;
  spanText: string | undefined;
  /** The origin: `service.name`, `deployment.environment.name` and `service.version` of the resource. */
  service: string | undefined;
  env: string | undefined;
  version: string | undefined;
  /** From the written level, else from Datakit's normalised `status` (default "info"), which it outranks. */
  severity: { text: string; number: number } | undefined;
  /** The written level named no severity: it stays, as a `log.level` attribute. */
  keepLevel: boolean;
}

function read(original: LogRecord, point: RunMapsResult): Reading {
  const view = viewOf(point);
  const bodyKey = bodyKeyOf(view, original.body);
  const levelKey = firstKey(view, LEVEL_KEYS);
  const traceKey = firstKey(view, TRACE_KEYS);
  const spanKey = firstKey(view, SPAN_KEYS);
  let traceText = traceKey && text(view.get(traceKey));
  let spanText = spanKey && text(view.get(spanKey));
  if (traceKey === undefined && spanKey === undefined && typeof original.body === 'string') {
    // The script kept no ids: those the tracer injected still join the line to its span.
    const found = idsInLine(original.body);
    traceText = found?.trace;
    spanText = found?.span;
  }
  const service = lastText(view, SERVICE_KEYS);
  const env = lastText(view, ENV_KEYS);
  const version = lastText(view, VERSION_KEYS);
  const levelSeverity = severityOf(levelKey && view.get(levelKey));
  const severity = levelSeverity ?? severityOf(view.get('status'));
  const keepLevel = levelKey !== undefined && !levelSeverity;
  return { view, bodyKey, levelKey, traceKey, spanKey, traceText: traceText || undefined, spanText: spanText || undefined, service, env, version, severity, keepLevel };
}

/** A point key that is not an attribute: it became the body, severity, ids or the resource. */
function consumed(m: Reading, k: string): boolean {
  return k === m.bodyKey || k === 'message' || k === m.levelKey || k === m.traceKey || k === m.spanKey || k === 'status' || RESOURCE_KEY_SET.has(k);
}

/** Tells the joiner what the mapping read: `narrow` when the trace id has no high half (see LogIds.low). */
function fillIds(ids: MappedIds | undefined, joinable: boolean, narrow: boolean, lowHi: number, lowLo: number): void {
  if (!ids) return;
  ids.ids = joinable;
  ids.narrow = joinable && narrow;
  ids.lowHi = ids.narrow ? lowHi : 0;
  ids.lowLo = ids.narrow ? lowLo : 0;
}

/**
 * Maps a Pipeline point onto the OTel log record it came from: time, body, severity, trace
 * context (by the same identity rules as the Datadog receiver, so the log joins its span),
 * origin → resource, and every other field or tag → an attribute with its type.
 */
export function pointToRecord(original: LogRecord, point: RunMapsResult, resources: ResourceCache, ids?: MappedIds): LogRecord {
  const m = read(original, point);
  const { view, bodyKey, traceText, spanText } = m;

  // Plain assignment on the hot path; only the one key that assignment would misread (`__proto__`)
  // goes through setOwn.
  const attributes: AnyValueMap = {};
  for (const k in original.attributes) {
    if (k === '__proto__') setOwn(attributes, k, original.attributes[k]);
    else attributes[k] = original.attributes[k];
  }
  view.forEach((v, k) => {
    if (consumed(m, k)) return;
    const value = typeof v === 'string' ? v : toAnyValue(v);
    if (k === '__proto__') setOwn(attributes, k, value);
    else attributes[k] = value;
  });

  const traceIds = traceText ? parseTraceIdText(traceText) : undefined;
  const spanIds = spanText ? parseSpanIdText(spanText) : undefined;
  if (traceText) attributes[TRACE_ID_ATTRIBUTE] = traceIds ? traceIds.decimal : traceText;
  if (spanText) attributes[SPAN_ID_ATTRIBUTE] = spanIds ? spanIds.decimal : spanText;
  fillIds(ids, traceIds !== undefined && spanIds !== undefined, traceIds?.low !== undefined, traceIds?.lowHi ?? 0, traceIds?.lowLo ?? 0);

  const severity = m.severity;
  if (m.keepLevel) attributes[LEVEL_ATTRIBUTE] = toAnyValue(view.get(m.levelKey!));

  return withLog(original, {
    hrTime: point.timeNs === null ? original.hrTime : nsToHrTime(point.timeNs),
    spanContext: traceIds && spanIds ? { traceId: traceIds.traceId, spanId: spanIds.spanId, traceFlags: TraceFlags.SAMPLED } : undefined,
    severityText: severity?.text ?? original.severityText,
    severityNumber: severity?.number ?? original.severityNumber,
    body: bodyKey === undefined ? original.body : toAnyValue(view.get(bodyKey)),
    attributes,
    resource: resourceOf(m, original, resources),
  });
}

const TRACE_ID_ATTRIBUTE = 'datadog.trace.id';
const SPAN_ID_ATTRIBUTE = 'datadog.span.id';
const LEVEL_ATTRIBUTE = 'log.level';
const ADDED = new Set([TRACE_ID_ATTRIBUTE, SPAN_ID_ATTRIBUTE, LEVEL_ATTRIBUTE]);
const hasOwn = Object.prototype.hasOwnProperty;
const MAX_NS = 2n ** 63n;

function startsWithDigit(k: string): boolean {
  const c = k.charCodeAt(0);
  return c >= 48 && c <= 57;
}

/**
 * Whether the record pointToRecord would build can be written straight as bytes, as far as the
 * original record and the time tell: see attributeClash for the point's keys.
 */
function writable(original: LogRecord, point: RunMapsResult): boolean {
  if (original instanceof EncodedLogRecord) return false;
  if (point.timeNs !== null && (point.timeNs < 0n || point.timeNs >= MAX_NS)) return false;
  for (const k in original.attributes) if (ADDED.has(k) || startsWithDigit(k)) return false;
  return true;
}

/**
 * A point key an object of attributes would treat otherwise than a list of them: one it already
 * has (kept at its first place with the last value), or an array index (listed first).
 */
function attributeClash(attrs: LogRecord['attributes'], k: string): boolean {
  return ADDED.has(k) || startsWithDigit(k) || hasOwn.call(attrs, k);
}

/**
 * The record pointToRecord builds, written once as the OTLP bytes the exporter sends (an
 * EncodedLogRecord in `slabs`), with no object per attribute; a record with a repeated key is
 * built as an object instead. The encode tests hold both to the same bytes.
 */
export function pointToEncoded(original: LogRecord, point: RunMapsResult, resources: ResourceCache, slabs: RecordSlabs, ids?: MappedIds): LogRecord {
  if (!writable(original, point)) return pointToRecord(original, point, resources, ids);
  const m = read(original, point);
  const { view, bodyKey, traceText, spanText } = m;
  // The ids as words, written into the bytes as they are: no hex or decimal text is made for them.
  const traceOk = traceText !== undefined && traceIdWords(traceText, TRACE);
  const spanOk = spanText !== undefined && spanIdWords(spanText, SPAN);
  const joinable = traceOk && spanOk;
  fillIds(ids, joinable, TRACE.hiHi === 0 && TRACE.hiLo === 0, TRACE.lowHi, TRACE.lowLo);
  const severity = m.severity;

  const w = slabs.writer();
  const start = w.pos;
  w.tag1((2 << 3) | 2);
  const mark = w.begin(2);
  writeLogHead(
    w,
    point.timeNs === null ? original.hrTime : point.timeNs,
    severity?.number ?? (original.severityNumber as number | undefined),
    severity?.text ?? original.severityText,
    bodyKey === undefined ? original.body : toAnyValue(view.get(bodyKey)),
  );
  const attrs = original.attributes;
  writeKeyValues(w, attrs, LOG_ATTRIBUTE_TAG);
  let clash = false;
  view.forEach((v, k) => {
    if (clash || consumed(m, k)) return;
    if (attributeClash(attrs, k)) clash = true;
    else writeKeyValue(w, LOG_ATTRIBUTE_TAG, k, typeof v === 'string' ? v : toAnyValue(v));
  });
  if (clash) {
    // What was written of this record is dropped: the slab's next record starts where it did.
    w.pos = start;
    return pointToRecord(original, point, resources, ids);
  }
  // The decimal low half, as pointToRecord's LogIds.decimal gives it, written from the words: when
  // the text is that decimal already its digits are the same, and reading them back from the
  // capture (a slice of the line) cost more than making them.
  if (traceOk) w.headDecimalKv(LOG_ATTRIBUTE_TAG, TRACE_ID_HEAD, TRACE.lowHi, TRACE.lowLo);
  else if (traceText) writeKeyValue(w, LOG_ATTRIBUTE_TAG, TRACE_ID_ATTRIBUTE, traceText);
  if (spanOk) w.headDecimalKv(LOG_ATTRIBUTE_TAG, SPAN_ID_HEAD, SPAN.hi, SPAN.lo);
  else if (spanText) writeKeyValue(w, LOG_ATTRIBUTE_TAG, SPAN_ID_ATTRIBUTE, spanText);
  if (m.keepLevel) writeKeyValue(w, LOG_ATTRIBUTE_TAG, LEVEL_ATTRIBUTE, toAnyValue(view.get(m.levelKey!)));
  const at = writeLogTail(w, original.droppedAttributesCount, joinable ? WORDS : undefined, original.hrTimeObserved, original.eventName);
  const content = mark + 2;
  const len = w.endAt(mark, 2);
  // endAt moved the content when its length needed other than two bytes.
  const traceIdAt = at < 0 ? -1 : at - content + mark + varintSize(len);
  const resource = resourceOf(m, original, resources);
  return new EncodedLogRecord(w.buf, start, w.pos, traceIdAt, resource, original.instrumentationScope);
}

/** Scratch words of the record being written (one record at a time). */
const TRACE: TraceIdWords = { hiHi: 0, hiLo: 0, lowHi: 0, lowLo: 0 };
const SPAN: SpanIdWords = { hi: 0, lo: 0 };
const WORDS: WordContext = { trace: TRACE, span: SPAN };
const TRACE_ID_HEAD = keyField(TRACE_ID_ATTRIBUTE);
const SPAN_ID_HEAD = keyField(SPAN_ID_ATTRIBUTE);
