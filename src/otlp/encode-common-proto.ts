/**
 * The parts of OTLP protobuf shared by traces and logs (opentelemetry/proto/common/v1 and
 * resource/v1), written straight from the SDK's attribute values, plus the grouping of items by
 * resource and instrumentation scope. Value rules follow @opentelemetry/otlp-transformer's
 * protobuf serializer, so both produce the same bytes for the same input.
 */
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ProtoWriter } from './proto-writer';

const MIN_INT64 = -(2 ** 63);
const MAX_INT64_EXCL = 2 ** 63;
const hasOwn = Object.prototype.hasOwnProperty;

// AnyValue fields: 1 string, 2 bool, 3 int, 4 double, 5 array, 6 kvlist, 7 bytes.
const T_STRING = (1 << 3) | 2;
const T_BOOL = (2 << 3) | 0;
const T_INT = (3 << 3) | 0;
const T_DOUBLE = (4 << 3) | 1;
const T_ARRAY = (5 << 3) | 2;
const T_KVLIST = (6 << 3) | 2;
const T_BYTES = (7 << 3) | 2;
// KeyValue: 1 key, 2 value. ArrayValue / KeyValueList: 1 values.
const T_KEY = (1 << 3) | 2;
const T_VALUE = (2 << 3) | 2;
const T_VALUES = (1 << 3) | 2;

/**
 * AnyValue content (without its own length). Integral numbers within int64 become int_value, other
 * numbers double_value; values of no OTLP type (undefined, null, bigint, functions) leave it empty.
 */
export function writeAnyValue(w: ProtoWriter, v: unknown): void {
  switch (typeof v) {
    case 'string':
      w.tag1(T_STRING);
      w.string(v);
      return;
    case 'boolean':
      w.ensure(2);
      w.buf[w.pos++] = T_BOOL;
      w.buf[w.pos++] = v ? 1 : 0;
      return;
    case 'number':
      if (Number.isInteger(v) && v >= MIN_INT64 && v < MAX_INT64_EXCL) {
        w.tag1(T_INT);
        w.i64(v);
      } else {
        w.tag1(T_DOUBLE);
        w.double(v);
      }
      return;
    case 'object':
      if (v === null) return;
      if (v instanceof Uint8Array) {
        w.tag1(T_BYTES);
        w.bytes(v);
      } else if (Array.isArray(v)) {
        w.tag1(T_ARRAY);
        const m = w.begin(2);
        for (let i = 0; i < v.length; i++) {
          w.tag1(T_VALUES);
          const im = w.begin(1);
          writeAnyValue(w, v[i]);
          w.endAt(im, 1);
        }
        w.endAt(m, 2);
      } else {
        w.tag1(T_KVLIST);
        const m = w.begin(2);
        writeKeyValues(w, v as Record<string, unknown>, T_VALUES);
        w.endAt(m, 2);
      }
      return;
    default:
      return;
  }
}

/** Each own enumerable property as a KeyValue under `tag`, in property order. */
export function writeKeyValues(w: ProtoWriter, attrs: Record<string, unknown>, tag: number): void {
  for (const key in attrs) {
    if (!hasOwn.call(attrs, key)) continue;
    writeKeyValue(w, tag, key, attrs[key]);
  }
}

/** One KeyValue under `tag`. */
export function writeKeyValue(w: ProtoWriter, tag: number, key: string, v: unknown): void {
  // Most attributes are ASCII strings or small counts: written in one go.
  if (typeof v === 'string') {
    if (w.asciiStringKv(tag, key, v)) return;
  } else if (typeof v === 'number' && (v | 0) === v && v >= 0) {
    if (w.asciiIntKv(tag, key, v)) return;
  }
  w.tag1(tag);
  const kv = w.begin(1);
  w.tag1(T_KEY);
  w.string(key);
  w.tag1(T_VALUE);
  const vm = w.begin(1);
  writeAnyValue(w, v);
  w.endAt(vm, 1);
  w.endAt(kv, 1);
}

/** Resource message under `tag` (field 1 of ResourceSpans / ResourceLogs). */
export function writeResource(w: ProtoWriter, tag: number, resource: Resource): void {
  w.tag1(tag);
  const m = w.begin(2);
  const attrs = resource.attributes;
  if (attrs) writeKeyValues(w, attrs, (1 << 3) | 2);
  // Resource objects of @opentelemetry/resources 2.x carry no dropped count; honour one if present.
  const dropped = (resource as { droppedAttributesCount?: number }).droppedAttributesCount;
  w.tag1((2 << 3) | 0);
  w.u32(typeof dropped === 'number' && dropped > 0 ? dropped >>> 0 : 0);
  w.endAt(m, 2);
}

/** InstrumentationScope message under `tag`: name always, the rest when set. */
export function writeScope(w: ProtoWriter, tag: number, scope: InstrumentationScope): void {
  w.tag1(tag);
  const m = w.begin(1);
  w.tag1((1 << 3) | 2);
  w.string(scope.name ?? '');
  if (scope.version) {
    w.tag1((2 << 3) | 2);
    w.string(scope.version);
  }
  const s = scope as { attributes?: Record<string, unknown>; droppedAttributesCount?: number };
  if (s.attributes) writeKeyValues(w, s.attributes, (3 << 3) | 2);
  if (s.droppedAttributesCount) {
    w.tag1((4 << 3) | 0);
    w.u32(s.droppedAttributesCount >>> 0);
  }
  w.endAt(m, 1);
}

export interface ScopeGroup<T> {
  scope: InstrumentationScope;
  items: T[];
}
export interface ResourceGroup<T> {
  resource: Resource;
  scopes: ScopeGroup<T>[];
}

interface Grouped {
  resource: Resource;
  instrumentationScope: InstrumentationScope;
}

function scopeKey(s: InstrumentationScope): string | undefined {
  const x = s as { attributes?: Record<string, unknown>; droppedAttributesCount?: number };
  // A scope with attributes is only merged with itself: equal names do not make equal attributes.
  if (x.droppedAttributesCount) return undefined;
  if (x.attributes) for (const _ in x.attributes) return undefined;
  return `${s.name}\u0000${s.version ?? ''}\u0000${s.schemaUrl ?? ''}`;
}

/**
 * Items grouped by Resource object, then by scope, each in order of first appearance. Scopes are
 * merged by (name, version, schemaUrl) when they carry no attributes, else by object identity.
 */
export function groupItems<T extends Grouped>(items: readonly T[]): ResourceGroup<T>[] {
  const out: ResourceGroup<T>[] = [];
  if (items.length === 0) return out;
  // The common batch has one resource and one scope object: no maps needed.
  const r0 = items[0].resource;
  const s0 = items[0].instrumentationScope;
  let same = true;
  for (let i = 1; i < items.length; i++) {
    if (items[i].resource !== r0 || items[i].instrumentationScope !== s0) {
      same = false;
      break;
    }
  }
  if (same) {
    out.push({ resource: r0, scopes: [{ scope: s0, items: items as T[] }] });
    return out;
  }
  const byResource = new Map<Resource, { group: ResourceGroup<T>; byScope: Map<unknown, ScopeGroup<T>> }>();
  for (const item of items) {
    let rg = byResource.get(item.resource);
    if (!rg) {
      rg = { group: { resource: item.resource, scopes: [] }, byScope: new Map() };
      byResource.set(item.resource, rg);
      out.push(rg.group);
    }
    const scope = item.instrumentationScope;
    let sg = rg.byScope.get(scope);
    if (!sg) {
      const key = scopeKey(scope);
      if (key !== undefined) sg = rg.byScope.get(key);
      if (!sg) {
        sg = { scope, items: [] };
        rg.group.scopes.push(sg);
        if (key !== undefined) rg.byScope.set(key, sg);
      }
      rg.byScope.set(scope, sg);
    }
    sg.items.push(item);
  }
  return out;
}

/**
 * The request envelope traces and logs share (same field numbers): ResourceX { resource = 1,
 * ScopeX = 2, schema_url = 3 } and ScopeX { scope = 1, items = 2, schema_url = 3 }, grouped by
 * resource then scope; `writeItems` writes the items of one ScopeX, each as its field 2. With
 * `scratch` the result is a view of the writer's buffer, valid until the writer's next request.
 */
export function writeRequest<T extends Grouped>(w: ProtoWriter, items: readonly T[], writeItems: (group: T[]) => void, scratch = false): Uint8Array {
  w.reset();
  for (const rg of groupItems(items)) {
    w.tag1((1 << 3) | 2);
    const rm = w.begin(3);
    writeResource(w, (1 << 3) | 2, rg.resource);
    for (const sg of rg.scopes) {
      w.tag1((2 << 3) | 2);
      const sm = w.begin(3);
      writeScope(w, (1 << 3) | 2, sg.scope);
      writeItems(sg.items);
      if (sg.scope.schemaUrl) {
        w.tag1((3 << 3) | 2);
        w.string(sg.scope.schemaUrl);
      }
      w.endAt(sm, 3);
    }
    if (rg.resource.schemaUrl) {
      w.tag1((3 << 3) | 2);
      w.string(rg.resource.schemaUrl);
    }
    w.endAt(rm, 3);
  }
  return scratch ? w.buf.subarray(0, w.pos) : w.finish();
}

/** An item already written as protobuf: `bytes[start, end)` is it as field 2 of its scope message. */
export interface PreEncoded {
  readonly bytes: Buffer;
  readonly start: number;
  readonly end: number;
}

/**
 * The items of one scope message: those `encoded` says are already bytes are copied as they are,
 * and consecutive ones that lie next to each other in one buffer (one request's spans, one slab's
 * records) in a single copy; `writeOne` writes the others.
 */
export function writeItemRuns<T>(w: ProtoWriter, group: readonly T[], encoded: (item: T) => PreEncoded | undefined, writeOne: (item: T) => void): void {
  let i = 0;
  while (i < group.length) {
    const first = encoded(group[i]);
    if (first === undefined) {
      writeOne(group[i]);
      i++;
      continue;
    }
    const bytes = first.bytes;
    let end = first.end;
    for (i++; i < group.length; i++) {
      const n = encoded(group[i]);
      if (n === undefined || n.bytes !== bytes || n.start !== end) break;
      end = n.end;
    }
    w.copy(bytes, first.start, end);
  }
}
