import { emptyMap, type DDEventValue, type DDSpan, type DDSpanEvent, type DDSpanLink } from './model';
import type { MsgpackReader } from './msgpack-reader';

/**
 * One span in the map form of v0.3, v0.4 and v0.7 (`span.proto` field names). Absent and nil
 * fields are zero values, unknown keys are skipped, as the agent's decoder does.
 */
export function readSpanMap(r: MsgpackReader): DDSpan {
  const span: DDSpan = {
    service: '',
    name: '',
    resource: '',
    type: '',
    traceId: 0n,
    spanId: 0n,
    parentId: 0n,
    start: 0n,
    duration: 0n,
    error: 0,
    meta: emptyMap(),
    metrics: emptyMap(),
  };
  const n = r.mapLen('span');
  for (let i = 0; i < n; i++) {
    const key = r.str('span key');
    switch (key) {
      case 'service':
        span.service = r.str(key);
        break;
      case 'name':
        span.name = r.str(key);
        break;
      case 'resource':
        span.resource = r.str(key);
        break;
      case 'type':
        span.type = r.str(key);
        break;
      case 'trace_id':
        span.traceId = r.u64(key);
        break;
      case 'span_id':
        span.spanId = r.u64(key);
        break;
      case 'parent_id':
        span.parentId = r.u64(key);
        break;
      case 'start':
        span.start = r.i64(key);
        break;
      case 'duration':
        span.duration = r.i64(key);
        break;
      case 'error':
        span.error = r.int(key);
        break;
      case 'meta':
        readStringMap(r, key, span.meta);
        break;
      case 'metrics':
        readFloatMap(r, key, span.metrics);
        break;
      case 'span_links':
        span.spanLinks = readLinks(r);
        break;
      case 'span_events':
        span.spanEvents = readEvents(r);
        break;
      default:
        r.skip(key);
    }
  }
  return span;
}

export function readStringMap(r: MsgpackReader, what: string, into: Record<string, string>): void {
  if (r.nil()) return;
  const n = r.mapLen(what);
  for (let i = 0; i < n; i++) {
    const k = r.str(what);
    into[k] = r.str(what);
  }
}

function readFloatMap(r: MsgpackReader, what: string, into: Record<string, number>): void {
  if (r.nil()) return;
  const n = r.mapLen(what);
  for (let i = 0; i < n; i++) {
    const k = r.str(what);
    into[k] = r.float(what);
  }
}

function readLinks(r: MsgpackReader): DDSpanLink[] | undefined {
  if (r.nil()) return undefined;
  const n = r.arrayLen('span_links');
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

function readEvents(r: MsgpackReader): DDSpanEvent[] | undefined {
  if (r.nil()) return undefined;
  const n = r.arrayLen('span_events');
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
