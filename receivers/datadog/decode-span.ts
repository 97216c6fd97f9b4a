import { emptyMap, type DDEventValue, type DDSpan, type DDSpanEvent, type DDSpanLink } from './model';
import { keyTable, type MsgpackReader } from './msgpack-reader';

const SPAN_KEYS = keyTable([
  'service',
  'name',
  'resource',
  'type',
  'trace_id',
  'span_id',
  'parent_id',
  'start',
  'duration',
  'error',
  'meta',
  'metrics',
  'span_links',
  'span_events',
]);

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
    switch (r.key(SPAN_KEYS, 'span key')) {
      case 0:
        span.service = r.str('service');
        break;
      case 1:
        span.name = r.str('name');
        break;
      case 2:
        span.resource = r.str('resource');
        break;
      case 3:
        span.type = r.str('type');
        break;
      case 4:
        span.traceId = r.u64('trace_id');
        break;
      case 5:
        span.spanId = r.u64('span_id');
        break;
      case 6:
        span.parentId = r.u64('parent_id');
        break;
      case 7:
        span.start = r.i64('start');
        break;
      case 8:
        span.duration = r.i64('duration');
        break;
      case 9:
        span.error = r.int('error');
        break;
      case 10:
        readStringMap(r, 'meta', span.meta);
        break;
      case 11:
        readFloatMap(r, 'metrics', span.metrics);
        break;
      case 12:
        span.spanLinks = readLinks(r);
        break;
      case 13:
        span.spanEvents = readEvents(r);
        break;
      default:
        // Unknown keys (meta_struct, future fields) are skipped, as the agent skips them.
        r.skip('span field');
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
