/** One Datadog span in map form (v0.3, v0.4, v0.7) and the maps inside it, charged to the request's item budget. */
import { countJsonItems, type JsonItems } from '../../src/receiverhelper/json-items';
import type { ItemBudget } from '../../src/receiverhelper/limits';
import { emptyMap, type DDEventValue, type DDSpan, type DDSpanEvent, type DDSpanLink } from './model';
import { keyTable, type MsgpackReader } from './msgpack-reader';

/** The span map's keys, in the order of `SpanKey`. */
const SPAN_KEYS = keyTable(['service', 'name', 'resource', 'type', 'trace_id', 'span_id', 'parent_id', 'start', 'duration', 'error', 'meta', 'metrics', 'span_links', 'span_events']);
const enum SpanKey {
  Service,
  Name,
  Resource,
  Type,
  TraceId,
  SpanId,
  ParentId,
  Start,
  Duration,
  Error,
  Meta,
  Metrics,
  SpanLinks,
  SpanEvents,
}

/** Links and events some formats carry as a JSON array in meta (`_dd.span_links`, `events`). */
const META_JSON: JsonItems = { items: { count: true } };
let lastMetaJson = '';
let lastMetaJsonItems = 0;

/**
 * Charges the links or events a meta value will become once translated (each costs about what a
 * span does), counted before anything parses it. v0.5 repeats one table string in many spans,
 * so the last count is remembered.
 */
export function chargeMetaJson(key: string, value: string, budget: ItemBudget): void {
  if ((key.length !== 6 && key.length !== 14) || (key !== 'events' && key !== '_dd.span_links')) return;
  if (value !== lastMetaJson) {
    lastMetaJsonItems = countJsonItems(Buffer.from(value), META_JSON, budget.max);
    lastMetaJson = value;
  }
  budget.take(lastMetaJsonItems);
}

/**
 * One span in the map form of v0.3, v0.4 and v0.7 (`span.proto` field names). Absent and nil
 * fields are zero values, unknown keys are skipped, as the agent's decoder does.
 */
export function readSpanMap(r: MsgpackReader, budget: ItemBudget): DDSpan {
  const span: DDSpan = {
    service: '',
    name: '',
    resource: '',
    type: '',
    wire: r.buf,
    traceIdAt: -1,
    spanIdAt: -1,
    parentIdAt: -1,
    startAt: -1,
    durationAt: -1,
    error: 0,
    meta: [],
    metrics: [],
  };
  const n = r.mapLen('span');
  for (let i = 0; i < n; i++) {
    switch (r.key(SPAN_KEYS, 'span key')) {
      case SpanKey.Service:
        span.service = r.str('service');
        break;
      case SpanKey.Name:
        span.name = r.str('name');
        break;
      case SpanKey.Resource:
        span.resource = r.str('resource');
        break;
      case SpanKey.Type:
        span.type = r.str('type');
        break;
      case SpanKey.TraceId:
        span.traceIdAt = r.u64At('trace_id');
        break;
      case SpanKey.SpanId:
        span.spanIdAt = r.u64At('span_id');
        break;
      case SpanKey.ParentId:
        span.parentIdAt = r.u64At('parent_id');
        break;
      case SpanKey.Start:
        span.startAt = r.i64At('start');
        break;
      case SpanKey.Duration:
        span.durationAt = r.i64At('duration');
        break;
      case SpanKey.Error:
        span.error = r.int('error');
        break;
      case SpanKey.Meta:
        span.meta = readMetaPairs(r, span.meta, budget);
        break;
      case SpanKey.Metrics:
        span.metrics = readMetricPairs(r, span.metrics);
        break;
      case SpanKey.SpanLinks:
        span.spanLinks = readLinks(r, budget);
        break;
      case SpanKey.SpanEvents:
        span.spanEvents = readEvents(r, budget);
        break;
      default:
        // Unknown keys (meta_struct, future fields) are skipped, as the agent skips them.
        r.skip('span field');
    }
  }
  return span;
}

/** A string map; with a budget (span meta), JSON links and events in it are charged. */
export function readStringMap(r: MsgpackReader, what: string, into: Record<string, string>, budget?: ItemBudget): void {
  if (r.nil()) return;
  const n = r.mapLen(what);
  for (let i = 0; i < n; i++) {
    const k = r.str(what);
    const v = (into[k] = r.str(what));
    if (budget) chargeMetaJson(k, v, budget);
  }
}

/**
 * Span meta as key, value pairs in wire order, after any already in `into`; JSON links and events
 * in it are charged. Returns the array that holds them.
 */
export function readMetaPairs(r: MsgpackReader, into: string[], budget: ItemBudget): string[] {
  if (r.nil()) return into;
  const n = r.mapLen('meta');
  const out = sized(into, n);
  let at = out.length - 2 * n;
  for (let i = 0; i < n; i++) {
    const k = r.str('meta');
    const v = r.str('meta');
    out[at++] = k;
    out[at++] = v;
    chargeMetaJson(k, v, budget);
  }
  return out;
}

/**
 * Room for `n` more pairs, allocated once: pushing grew a span's arrays two or three times, a
 * fifth of the bytes decoding allocates. `n` is bounded by the body (mapLen).
 */
function sized<T>(into: T[], n: number): T[] {
  if (into.length === 0) return new Array<T>(2 * n);
  into.length += 2 * n;
  return into;
}

function readMetricPairs(r: MsgpackReader, into: (string | number)[]): (string | number)[] {
  if (r.nil()) return into;
  const n = r.mapLen('metrics');
  const out = sized(into, n);
  let at = out.length - 2 * n;
  for (let i = 0; i < n; i++) {
    out[at++] = r.str('metrics');
    out[at++] = r.float('metrics');
  }
  return out;
}

function readLinks(r: MsgpackReader, budget: ItemBudget): DDSpanLink[] | undefined {
  if (r.nil()) return undefined;
  const n = r.arrayLen('span_links');
  budget.take(n);
  const links: DDSpanLink[] = [];
  for (let i = 0; i < n; i++) {
    const link: DDSpanLink = { traceId: 0n, traceIdHigh: 0n, spanId: 0n, attributes: emptyMap(), tracestate: '', flags: 0 };
    const m = r.mapLen('span_links');
    for (let j = 0; j < m; j++) {
      const key = r.str('span link key');
      switch (key) {
        case 'trace_id':
          link.traceId = r.u64(key);
          break;
        case 'trace_id_high':
          link.traceIdHigh = r.u64(key);
          break;
        case 'span_id':
          link.spanId = r.u64(key);
          break;
        case 'attributes':
          readStringMap(r, key, link.attributes);
          break;
        case 'tracestate':
          link.tracestate = r.str(key);
          break;
        case 'flags':
          link.flags = r.int(key);
          break;
        default:
          r.skip(key);
      }
    }
    links.push(link);
  }
  return links;
}

function readEvents(r: MsgpackReader, budget: ItemBudget): DDSpanEvent[] | undefined {
  if (r.nil()) return undefined;
  const n = r.arrayLen('span_events');
  budget.take(n);
  const events: DDSpanEvent[] = [];
  for (let i = 0; i < n; i++) {
    const ev: DDSpanEvent = { name: '', timeNs: 0n, attributes: emptyMap() };
    const m = r.mapLen('span_events');
    for (let j = 0; j < m; j++) {
      const key = r.str('span event key');
      switch (key) {
        case 'name':
          ev.name = r.str(key);
          break;
        case 'time_unix_nano':
          ev.timeNs = r.u64(key);
          break;
        case 'attributes': {
          if (r.nil()) break;
          const a = r.mapLen(key);
          for (let k = 0; k < a; k++) {
            const name = r.str(key);
            const v = typedAttribute(r.any(key));
            if (v !== undefined) ev.attributes[name] = v;
          }
          break;
        }
        default:
          r.skip(key);
      }
    }
    events.push(ev);
  }
  return events;
}

/**
 * Native event attributes are `{type, string_value|bool_value|int_value|double_value|array_value}`
 * (type codes 0..4); plain scalars are accepted too, since nothing else could be meant.
 */
export function typedAttribute(v: unknown): DDEventValue | undefined {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(typedAttribute).filter((x): x is DDEventValue => x !== undefined && !Array.isArray(x));
  if (v === null || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  switch (Number(o.type)) {
    case 0:
      return typeof o.string_value === 'string' ? o.string_value : undefined;
    case 1:
      return typeof o.bool_value === 'boolean' ? o.bool_value : undefined;
    case 2:
    case 3: {
      const x = o.type === 2 || o.type === 2n ? o.int_value : o.double_value;
      return typeof x === 'number' ? x : typeof x === 'bigint' ? Number(x) : undefined;
    }
    case 4: {
      const arr = (o.array_value as Record<string, unknown> | undefined)?.values;
      return Array.isArray(arr) ? (typedAttribute(arr) as DDEventValue[]) : undefined;
    }
    default:
      return undefined;
  }
}
