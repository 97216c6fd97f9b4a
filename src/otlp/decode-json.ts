/**
 * OTLP JSON (`application/json`) → the shared decoded shape. Follows the OTLP JSON rules:
 * ids are hex, 64-bit integers may be strings or numbers, enums are integers (names are
 * accepted too), unknown fields are ignored; proto field names are accepted besides camelCase.
 */
import type { Attributes } from '@opentelemetry/api';
import type { JsonItems } from '../receiverhelper/json-items';
import type { ItemBudget } from '../receiverhelper/limits';
import { ITEMS_PER_STEP, type Steps } from '../receiverhelper/slices';
import { setKey } from './keys';
import {
  emptyLogIr,
  emptySpanIr,
  OtlpDataError,
  type AnyValueJs,
  type LogIr,
  type ResourceGroup,
  type ScopeIr,
  type SpanIr,
} from './ir';

const MAX_DEPTH = 64;

type Obj = Record<string, unknown>;

const SPAN_KINDS = ['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'];
const STATUS_CODES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];
const SEVERITIES = [
  'UNSPECIFIED', 'TRACE', 'TRACE2', 'TRACE3', 'TRACE4', 'DEBUG', 'DEBUG2', 'DEBUG3', 'DEBUG4', 'INFO', 'INFO2', 'INFO3',
  'INFO4', 'WARN', 'WARN2', 'WARN3', 'WARN4', 'ERROR', 'ERROR2', 'ERROR3', 'ERROR4', 'FATAL', 'FATAL2', 'FATAL3', 'FATAL4',
].map((s) => `SEVERITY_NUMBER_${s}`);

function bad(path: string, msg: string): never {
  throw new OtlpDataError(`${path}: ${msg}`);
}

function snake(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

function get(o: Obj, key: string): unknown {
  const v = o[key];
  return v !== undefined && v !== null ? v : o[snake(key)] ?? undefined;
}

function obj(v: unknown, path: string): Obj {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) bad(path, 'must be an object');
  return v as Obj;
}

function arr(v: unknown, path: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) bad(path, 'must be an array');
  return v;
}

function str(v: unknown, path: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') bad(path, 'must be a string');
  return v;
}

function u64(v: unknown, path: string): bigint {
  if (v === undefined || v === null) return 0n;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 64) return BigInt(v);
  if (typeof v === 'string' && /^\d{1,20}$/.test(v)) {
    const b = BigInt(v);
    if (b < 1n << 64n) return b;
  }
  return bad(path, `must be an unsigned 64-bit integer, got ${JSON.stringify(v)}`);
}

function u32(v: unknown, path: string): number {
  if (v === undefined || v === null) return 0;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    return bad(path, `must be an unsigned 32-bit integer, got ${JSON.stringify(v)}`);
  }
  return n;
}

function enumValue(v: unknown, names: string[], path: string): number {
  if (typeof v === 'string' && names.includes(v)) return names.indexOf(v);
  return u32(v, path);
}

function hexId(v: unknown, path: string): string {
  const s = str(v, path);
  if (s !== '' && !/^[0-9a-fA-F]*$/.test(s)) bad(path, 'must be hex');
  return s.toLowerCase();
}

function attributes(v: unknown, path: string, depth = 0): Attributes {
  const out: Attributes = {};
  arr(v, path).forEach((kv, i) => {
    const p = `${path}[${i}]`;
    const o = obj(kv, p);
    setKey(out, str(o.key, `${p}.key`), anyValue(o.value, `${p}.value`, depth + 1));
  });
  return out;
}

function anyValue(v: unknown, path: string, depth: number): AnyValueJs {
  if (depth > MAX_DEPTH) bad(path, `values nested deeper than ${MAX_DEPTH}`);
  const o = obj(v, path);
  if ('stringValue' in o || 'string_value' in o) return str(get(o, 'stringValue'), `${path}.stringValue`);
  if ('boolValue' in o || 'bool_value' in o) {
    const b = get(o, 'boolValue');
    if (typeof b !== 'boolean') bad(`${path}.boolValue`, 'must be true or false');
    return b;
  }
  if ('intValue' in o || 'int_value' in o) {
    const n = get(o, 'intValue');
    if (typeof n === 'number' && Number.isInteger(n)) return n;
    if (typeof n === 'string' && /^-?\d{1,20}$/.test(n)) return Number(BigInt.asIntN(64, BigInt(n)));
    return bad(`${path}.intValue`, `must be a 64-bit integer, got ${JSON.stringify(n)}`);
  }
  if ('doubleValue' in o || 'double_value' in o) {
    const d = get(o, 'doubleValue');
    if (typeof d === 'number') return d;
    if (d === 'NaN' || d === 'Infinity' || d === '-Infinity') return Number(d);
    if (typeof d === 'string' && d.trim() !== '' && !isNaN(Number(d))) return Number(d);
    return bad(`${path}.doubleValue`, 'must be a number');
  }
  if ('arrayValue' in o || 'array_value' in o) {
    const a = obj(get(o, 'arrayValue'), `${path}.arrayValue`);
    return arr(a.values, `${path}.arrayValue.values`).map((x, i) => anyValue(x, `${path}.arrayValue.values[${i}]`, depth + 1));
  }
  if ('kvlistValue' in o || 'kvlist_value' in o) {
    const k = obj(get(o, 'kvlistValue'), `${path}.kvlistValue`);
    return attributes(k.values, `${path}.kvlistValue.values`, depth + 1) as { [key: string]: AnyValueJs };
  }
  if ('bytesValue' in o || 'bytes_value' in o) {
    const b = str(get(o, 'bytesValue'), `${path}.bytesValue`);
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(b)) bad(`${path}.bytesValue`, 'must be base64');
    return new Uint8Array(Buffer.from(b, 'base64'));
  }
  return null;
}

function scope(v: unknown, path: string, schemaUrl: string): ScopeIr {
  const o = obj(v, path);
  const s: ScopeIr = { name: str(o.name, `${path}.name`) };
  const version = str(o.version, `${path}.version`);
  if (version) s.version = version;
  const attrs = get(o, 'attributes');
  if (attrs !== undefined) s.attributes = attributes(attrs, `${path}.attributes`);
  const dropped = u32(get(o, 'droppedAttributesCount'), `${path}.droppedAttributesCount`);
  if (dropped) s.droppedAttributesCount = dropped;
  if (schemaUrl) s.schemaUrl = schemaUrl;
  return s;
}

/**
 * Where the items of each request are, for counting them before the body is parsed (camelCase
 * and proto names alike): resource groups, scope groups, spans or records, span events and links.
 */
function itemPaths(resourceKey: string, scopeKey: string, itemKey: string, itemKeys?: Record<string, JsonItems>): JsonItems {
  const counted = (keys?: Record<string, JsonItems>): JsonItems => ({ items: { count: true, keys } });
  const both = (camel: string, node: JsonItems) => ({ [camel]: node, [snake(camel)]: node });
  return { keys: both(resourceKey, counted(both(scopeKey, counted(both(itemKey, counted(itemKeys)))))) };
}
const LINKS_OR_EVENTS: JsonItems = { items: { count: true } };
export const TRACES_JSON_ITEMS = itemPaths('resourceSpans', 'scopeSpans', 'spans', { events: LINKS_OR_EVENTS, links: LINKS_OR_EVENTS });
export const LOGS_JSON_ITEMS = itemPaths('resourceLogs', 'scopeLogs', 'logRecords');

/** A JSON array, its length charged to the budget first. */
function counted(v: unknown, path: string, budget: ItemBudget): unknown[] {
  const a = arr(v, path);
  budget.take(a.length);
  return a;
}

function* decodeRequest<T>(
  body: unknown,
  resourceKey: string,
  scopeKey: string,
  itemKey: string,
  item: (o: Obj, path: string, budget: ItemBudget) => T,
  budget: ItemBudget,
): Steps<ResourceGroup<T>[]> {
  const root = obj(body, '$');
  const out: ResourceGroup<T>[] = [];
  let sincePause = 0;
  const resources = counted(get(root, resourceKey), resourceKey, budget);
  for (let i = 0; i < resources.length; i++) {
    const rp = `${resourceKey}[${i}]`;
    const ro = obj(resources[i], rp);
    const res = obj(ro.resource, `${rp}.resource`);
    const schemaUrl = str(get(ro, 'schemaUrl'), `${rp}.schemaUrl`);
    const group: ResourceGroup<T> = {
      resource: {
        attributes: attributes(res.attributes, `${rp}.resource.attributes`),
        droppedAttributesCount: u32(get(res, 'droppedAttributesCount'), `${rp}.resource.droppedAttributesCount`),
        schemaUrl: schemaUrl || undefined,
      },
      scopes: [],
    };
    const scopes = counted(get(ro, scopeKey), `${rp}.${scopeKey}`, budget);
    for (let j = 0; j < scopes.length; j++) {
      const sp = `${rp}.${scopeKey}[${j}]`;
      const so = obj(scopes[j], sp);
      const items: T[] = [];
      group.scopes.push({ scope: scope(so.scope, `${sp}.scope`, str(get(so, 'schemaUrl'), `${sp}.schemaUrl`)), items });
      const raw = counted(get(so, itemKey), `${sp}.${itemKey}`, budget);
      for (let k = 0; k < raw.length; k++) {
        const ip = `${sp}.${itemKey}[${k}]`;
        items.push(item(obj(raw[k], ip), ip, budget));
        if (++sincePause === ITEMS_PER_STEP) {
          sincePause = 0;
          yield;
        }
      }
    }
    out.push(group);
  }
  return out;
}

function span(o: Obj, p: string, budget: ItemBudget): SpanIr {
  const s = emptySpanIr();
  s.traceId = hexId(get(o, 'traceId'), `${p}.traceId`);
  s.spanId = hexId(get(o, 'spanId'), `${p}.spanId`);
  s.traceState = str(get(o, 'traceState'), `${p}.traceState`) || undefined;
  s.parentSpanId = hexId(get(o, 'parentSpanId'), `${p}.parentSpanId`) || undefined;
  s.flags = u32(o.flags, `${p}.flags`);
  s.name = str(o.name, `${p}.name`);
  s.kind = enumValue(o.kind, SPAN_KINDS, `${p}.kind`);
  s.startNs = u64(get(o, 'startTimeUnixNano'), `${p}.startTimeUnixNano`);
  s.endNs = u64(get(o, 'endTimeUnixNano'), `${p}.endTimeUnixNano`);
  s.attributes = attributes(o.attributes, `${p}.attributes`);
  s.droppedAttributesCount = u32(get(o, 'droppedAttributesCount'), `${p}.droppedAttributesCount`);
  s.events = counted(o.events, `${p}.events`, budget).map((ev, i) => {
    const ep = `${p}.events[${i}]`;
    const e = obj(ev, ep);
    return {
      timeNs: u64(get(e, 'timeUnixNano'), `${ep}.timeUnixNano`),
      name: str(e.name, `${ep}.name`),
      attributes: attributes(e.attributes, `${ep}.attributes`),
      droppedAttributesCount: u32(get(e, 'droppedAttributesCount'), `${ep}.droppedAttributesCount`),
    };
  });
  s.droppedEventsCount = u32(get(o, 'droppedEventsCount'), `${p}.droppedEventsCount`);
  s.links = counted(o.links, `${p}.links`, budget).map((lv, i) => {
    const lp = `${p}.links[${i}]`;
    const l = obj(lv, lp);
    return {
      traceId: hexId(get(l, 'traceId'), `${lp}.traceId`),
      spanId: hexId(get(l, 'spanId'), `${lp}.spanId`),
      traceState: str(get(l, 'traceState'), `${lp}.traceState`) || undefined,
      attributes: attributes(l.attributes, `${lp}.attributes`),
      droppedAttributesCount: u32(get(l, 'droppedAttributesCount'), `${lp}.droppedAttributesCount`),
      flags: u32(l.flags, `${lp}.flags`),
    };
  });
  s.droppedLinksCount = u32(get(o, 'droppedLinksCount'), `${p}.droppedLinksCount`);
  const st = obj(o.status, `${p}.status`);
  s.status = { code: enumValue(st.code, STATUS_CODES, `${p}.status.code`) };
  const msg = str(st.message, `${p}.status.message`);
  if (msg) s.status.message = msg;
  return s;
}

function log(o: Obj, p: string): LogIr {
  const l = emptyLogIr();
  l.timeNs = u64(get(o, 'timeUnixNano'), `${p}.timeUnixNano`);
  l.observedNs = u64(get(o, 'observedTimeUnixNano'), `${p}.observedTimeUnixNano`);
  l.severityNumber = enumValue(get(o, 'severityNumber'), SEVERITIES, `${p}.severityNumber`);
  l.severityText = str(get(o, 'severityText'), `${p}.severityText`) || undefined;
  if (o.body !== undefined && o.body !== null) l.body = anyValue(o.body, `${p}.body`, 0);
  l.attributes = attributes(o.attributes, `${p}.attributes`);
  l.droppedAttributesCount = u32(get(o, 'droppedAttributesCount'), `${p}.droppedAttributesCount`);
  l.flags = u32(o.flags, `${p}.flags`);
  l.traceId = hexId(get(o, 'traceId'), `${p}.traceId`) || undefined;
  l.spanId = hexId(get(o, 'spanId'), `${p}.spanId`) || undefined;
  l.eventName = str(get(o, 'eventName'), `${p}.eventName`) || undefined;
  return l;
}

export function decodeTracesJson(body: unknown, budget: ItemBudget): Steps<ResourceGroup<SpanIr>[]> {
  return decodeRequest(body, 'resourceSpans', 'scopeSpans', 'spans', span, budget);
}

export function decodeLogsJson(body: unknown, budget: ItemBudget): Steps<ResourceGroup<LogIr>[]> {
  return decodeRequest(body, 'resourceLogs', 'scopeLogs', 'logRecords', log, budget);
}
