/**
 * OTLP protobuf (`application/x-protobuf`) → the shared decoded shape. Field numbers follow
 * opentelemetry-proto v1.x; unknown fields are skipped, as protobuf requires. Groups, items,
 * events and links are charged to the request's item budget as they are met, and decoding
 * pauses between items (src/receiverhelper/slices.ts).
 */
import type { Attributes } from '@opentelemetry/api';
import { tooManyItems, type ItemBudget } from '../receiverhelper/limits';
import { ITEMS_PER_STEP, type Steps } from '../receiverhelper/slices';
import { Reader, WireError, WireType, bytesToHex } from './proto-reader';
import { setKey } from './keys';
import {
  emptyLogIr,
  emptySpanIr,
  type AnyValueJs,
  type EventIr,
  type LinkIr,
  type LogIr,
  type ResourceGroup,
  type ResourceIr,
  type ScopeGroup,
  type ScopeIr,
  type SpanIr,
} from './ir';

/** Nested AnyValues deeper than this are refused, so a hostile body cannot exhaust the stack. */
const MAX_DEPTH = 64;

type ItemDecoder<T> = (r: Reader, budget: ItemBudget) => T;

/** The field `readField` just read: its body's bounds (length-delimited) and where the next one starts. */
let fieldStart = 0;
let fieldEnd = 0;

/** Reads a varint at `pos` into `varintValue`; the index after it, or -1 past `end` or 10 bytes. */
let varintValue = 0;
function readVarint(b: Uint8Array, pos: number, end: number): number {
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 10 && pos < end; i++) {
    const x = b[pos++];
    v += (x & 0x7f) * mul;
    if (x < 0x80) {
      varintValue = v;
      return pos;
    }
    mul *= 128;
  }
  return -1;
}

/** Reads the field at `pos` without making any object; its tag, or -1 when it is malformed. */
function readField(b: Uint8Array, pos: number, end: number): number {
  pos = readVarint(b, pos, end);
  if (pos < 0) return -1;
  const tag = varintValue;
  switch (tag & 7) {
    case WireType.Varint:
      pos = readVarint(b, pos, end);
      break;
    case WireType.Fixed64:
      pos += 8;
      break;
    case WireType.Fixed32:
      pos += 4;
      break;
    case WireType.Bytes:
      pos = readVarint(b, pos, end);
      if (pos < 0) return -1;
      fieldStart = pos;
      pos += varintValue;
      break;
    default:
      return -1;
  }
  if (pos < 0 || pos > end) return -1;
  fieldEnd = pos;
  return tag;
}

/** Field 1 (resource groups) and field 2 (scope groups in a group, items in a scope group), length-delimited. */
const TAG_1 = (1 << 3) | WireType.Bytes;
const TAG_2 = (2 << 3) | WireType.Bytes;

/**
 * Counts the resource groups, scope groups and items of a request by their tags alone, stepping
 * over every item by its length and making no object, so a body of ten million empty records
 * is refused (413) within milliseconds, before one is decoded. Malformed bytes end the count
 * quietly: the decoder reports them.
 */
export function checkRequestItems(buf: Uint8Array, limit: number): void {
  let count = 0;
  for (let p = 0; p < buf.length && count <= limit; p = fieldEnd) {
    const tag = readField(buf, p, buf.length);
    if (tag < 0) break;
    if (tag !== TAG_1) continue;
    count++;
    const groupEnd = fieldEnd;
    for (let g = fieldStart; g < groupEnd && count <= limit; g = fieldEnd) {
      const gtag = readField(buf, g, groupEnd);
      if (gtag < 0) break;
      if (gtag !== TAG_2) continue;
      count++;
      const scopeEnd = fieldEnd;
      for (let s = fieldStart; s < scopeEnd && count <= limit; s = fieldEnd) {
        const stag = readField(buf, s, scopeEnd);
        if (stag < 0) break;
        if (stag === TAG_2) count++;
      }
      fieldEnd = scopeEnd;
    }
    fieldEnd = groupEnd;
  }
  if (count > limit) throw tooManyItems(limit);
}

function* decodeRequest<T>(buf: Uint8Array, item: ItemDecoder<T>, budget: ItemBudget): Steps<ResourceGroup<T>[]> {
  const r = new Reader(buf);
  const out: ResourceGroup<T>[] = [];
  while (!r.done) {
    const [f, w] = r.tag();
    if (f === 1) {
      r.expect(f, w, WireType.Bytes);
      budget.take(1);
      out.push(yield* decodeResourceGroup(r.sub(), item, budget));
    } else r.skip(w);
  }
  return out;
}

export function decodeTracesProto(buf: Uint8Array, budget: ItemBudget): Steps<ResourceGroup<SpanIr>[]> {
  return decodeRequest(buf, decodeSpan, budget);
}

export function decodeLogsProto(buf: Uint8Array, budget: ItemBudget): Steps<ResourceGroup<LogIr>[]> {
  return decodeRequest(buf, decodeLog, budget);
}

function* decodeResourceGroup<T>(r: Reader, item: ItemDecoder<T>, budget: ItemBudget): Steps<ResourceGroup<T>> {
  const g: ResourceGroup<T> = { resource: { attributes: {}, droppedAttributesCount: 0 }, scopes: [] };
  while (!r.done) {
    const [f, w] = r.tag();
    switch (f) {
      case 1:
        r.expect(f, w, WireType.Bytes);
        g.resource = { ...decodeResource(r.sub()), schemaUrl: g.resource.schemaUrl };
        break;
      case 2:
        r.expect(f, w, WireType.Bytes);
        budget.take(1);
        g.scopes.push(yield* decodeScopeGroup(r.sub(), item, budget));
        break;
      case 3:
        r.expect(f, w, WireType.Bytes);
        g.resource.schemaUrl = r.string() || undefined;
        break;
      default:
        r.skip(w);
    }
  }
  return g;
}

function decodeResource(r: Reader): ResourceIr {
  const res: ResourceIr = { attributes: {}, droppedAttributesCount: 0 };
  while (!r.done) {
    const [f, w] = r.tag();
    if (f === 1) {
      r.expect(f, w, WireType.Bytes);
      readKeyValue(r.sub(), res.attributes, 0);
    } else if (f === 2) {
      r.expect(f, w, WireType.Varint);
      res.droppedAttributesCount = r.varint();
    } else r.skip(w);
  }
  return res;
}

function* decodeScopeGroup<T>(r: Reader, item: ItemDecoder<T>, budget: ItemBudget): Steps<ScopeGroup<T>> {
  const g: ScopeGroup<T> = { scope: { name: '' }, items: [] };
  let schemaUrl: string | undefined;
  let sincePause = 0;
  while (!r.done) {
    const [f, w] = r.tag();
    if (f === 1) {
      r.expect(f, w, WireType.Bytes);
      g.scope = decodeScope(r.sub());
    } else if (f === 2) {
      r.expect(f, w, WireType.Bytes);
      budget.take(1);
      g.items.push(item(r.sub(), budget));
      if (++sincePause === ITEMS_PER_STEP) {
        sincePause = 0;
        yield;
      }
    } else if (f === 3) {
      r.expect(f, w, WireType.Bytes);
      schemaUrl = r.string() || undefined;
    } else r.skip(w);
  }
  if (schemaUrl) g.scope.schemaUrl = schemaUrl;
  return g;
}

function decodeScope(r: Reader): ScopeIr {
  const s: ScopeIr = { name: '' };
  while (!r.done) {
    const [f, w] = r.tag();
    switch (f) {
      case 1:
        r.expect(f, w, WireType.Bytes);
        s.name = r.string();
        break;
      case 2:
        r.expect(f, w, WireType.Bytes);
        s.version = r.string() || undefined;
        break;
      case 3:
        r.expect(f, w, WireType.Bytes);
        readKeyValue(r.sub(), (s.attributes ??= {}), 0);
        break;
      case 4:
        r.expect(f, w, WireType.Varint);
        s.droppedAttributesCount = r.varint();
        break;
      default:
        r.skip(w);
    }
  }
  return s;
}

function decodeSpan(r: Reader, budget: ItemBudget): SpanIr {
  const s = emptySpanIr();
  while (!r.done) {
    const [f, w] = r.tag();
    switch (f) {
      case 1:
        r.expect(f, w, WireType.Bytes);
        s.traceId = bytesToHex(r.bytes());
        break;
      case 2:
        r.expect(f, w, WireType.Bytes);
        s.spanId = bytesToHex(r.bytes());
        break;
      case 3:
        r.expect(f, w, WireType.Bytes);
        s.traceState = r.string() || undefined;
        break;
      case 4:
        r.expect(f, w, WireType.Bytes);
        s.parentSpanId = bytesToHex(r.bytes()) || undefined;
        break;
      case 5:
        r.expect(f, w, WireType.Bytes);
        s.name = r.string();
        break;
      case 6:
        r.expect(f, w, WireType.Varint);
        s.kind = r.varint();
        break;
      case 7:
        r.expect(f, w, WireType.Fixed64);
        s.startNs = r.fixed64();
        break;
      case 8:
        r.expect(f, w, WireType.Fixed64);
        s.endNs = r.fixed64();
        break;
      case 9:
        r.expect(f, w, WireType.Bytes);
        readKeyValue(r.sub(), s.attributes, 0);
        break;
      case 10:
        r.expect(f, w, WireType.Varint);
        s.droppedAttributesCount = r.varint();
        break;
      case 11:
        r.expect(f, w, WireType.Bytes);
        budget.take(1);
        s.events.push(decodeEvent(r.sub()));
        break;
      case 12:
        r.expect(f, w, WireType.Varint);
        s.droppedEventsCount = r.varint();
        break;
      case 13:
        r.expect(f, w, WireType.Bytes);
        budget.take(1);
        s.links.push(decodeLink(r.sub()));
        break;
      case 14:
        r.expect(f, w, WireType.Varint);
        s.droppedLinksCount = r.varint();
        break;
      case 15:
        r.expect(f, w, WireType.Bytes);
        s.status = decodeStatus(r.sub());
        break;
      case 16:
        r.expect(f, w, WireType.Fixed32);
        s.flags = r.fixed32();
        break;
      default:
        r.skip(w);
    }
  }
  return s;
}

function decodeEvent(r: Reader): EventIr {
  const e: EventIr = { timeNs: 0n, name: '', attributes: {}, droppedAttributesCount: 0 };
  while (!r.done) {
    const [f, w] = r.tag();
    if (f === 1) {
      r.expect(f, w, WireType.Fixed64);
      e.timeNs = r.fixed64();
    } else if (f === 2) {
      r.expect(f, w, WireType.Bytes);
      e.name = r.string();
    } else if (f === 3) {
      r.expect(f, w, WireType.Bytes);
      readKeyValue(r.sub(), e.attributes, 0);
    } else if (f === 4) {
      r.expect(f, w, WireType.Varint);
      e.droppedAttributesCount = r.varint();
    } else r.skip(w);
  }
  return e;
}

function decodeLink(r: Reader): LinkIr {
  const l: LinkIr = { traceId: '', spanId: '', attributes: {}, droppedAttributesCount: 0, flags: 0 };
  while (!r.done) {
    const [f, w] = r.tag();
    switch (f) {
      case 1:
        r.expect(f, w, WireType.Bytes);
        l.traceId = bytesToHex(r.bytes());
        break;
      case 2:
        r.expect(f, w, WireType.Bytes);
        l.spanId = bytesToHex(r.bytes());
        break;
      case 3:
        r.expect(f, w, WireType.Bytes);
        l.traceState = r.string() || undefined;
        break;
      case 4:
        r.expect(f, w, WireType.Bytes);
        readKeyValue(r.sub(), l.attributes, 0);
        break;
      case 5:
        r.expect(f, w, WireType.Varint);
        l.droppedAttributesCount = r.varint();
        break;
      case 6:
        r.expect(f, w, WireType.Fixed32);
        l.flags = r.fixed32();
        break;
      default:
        r.skip(w);
    }
  }
  return l;
}

function decodeStatus(r: Reader): { code: number; message?: string } {
  const s: { code: number; message?: string } = { code: 0 };
  while (!r.done) {
    const [f, w] = r.tag();
    if (f === 2) {
      r.expect(f, w, WireType.Bytes);
      s.message = r.string() || undefined;
    } else if (f === 3) {
      r.expect(f, w, WireType.Varint);
      s.code = r.varint();
    } else r.skip(w);
  }
  return s;
}

function decodeLog(r: Reader): LogIr {
  const l = emptyLogIr();
  while (!r.done) {
    const [f, w] = r.tag();
    switch (f) {
      case 1:
        r.expect(f, w, WireType.Fixed64);
        l.timeNs = r.fixed64();
        break;
      case 2:
        r.expect(f, w, WireType.Varint);
        l.severityNumber = r.varint();
        break;
      case 3:
        r.expect(f, w, WireType.Bytes);
        l.severityText = r.string() || undefined;
        break;
      case 5:
        r.expect(f, w, WireType.Bytes);
        l.body = readAnyValue(r.sub(), 0);
        break;
      case 6:
        r.expect(f, w, WireType.Bytes);
        readKeyValue(r.sub(), l.attributes, 0);
        break;
      case 7:
        r.expect(f, w, WireType.Varint);
        l.droppedAttributesCount = r.varint();
        break;
      case 8:
        r.expect(f, w, WireType.Fixed32);
        l.flags = r.fixed32();
        break;
      case 9:
        r.expect(f, w, WireType.Bytes);
        l.traceId = bytesToHex(r.bytes()) || undefined;
        break;
      case 10:
        r.expect(f, w, WireType.Bytes);
        l.spanId = bytesToHex(r.bytes()) || undefined;
        break;
      case 11:
        r.expect(f, w, WireType.Fixed64);
        l.observedNs = r.fixed64();
        break;
      case 12:
        r.expect(f, w, WireType.Bytes);
        l.eventName = r.string() || undefined;
        break;
      default:
        r.skip(w);
    }
  }
  return l;
}

/** One KeyValue into `target`; a repeated key keeps the last value, as pdata does. */
function readKeyValue(r: Reader, target: Record<string, unknown>, depth: number): void {
  let key = '';
  let value: AnyValueJs = null;
  while (!r.done) {
    const [f, w] = r.tag();
    if (f === 1) {
      r.expect(f, w, WireType.Bytes);
      key = r.string();
    } else if (f === 2) {
      r.expect(f, w, WireType.Bytes);
      value = readAnyValue(r.sub(), depth + 1);
    } else r.skip(w);
  }
  setKey(target, key, value);
}

function readAnyValue(r: Reader, depth: number): AnyValueJs {
  if (depth > MAX_DEPTH) throw new WireError(`values nested deeper than ${MAX_DEPTH}`);
  let value: AnyValueJs = null;
  while (!r.done) {
    const [f, w] = r.tag();
    switch (f) {
      case 1:
        r.expect(f, w, WireType.Bytes);
        value = r.string();
        break;
      case 2:
        r.expect(f, w, WireType.Varint);
        value = r.varint64() !== 0n;
        break;
      case 3:
        r.expect(f, w, WireType.Varint);
        // JS attributes hold numbers; ints beyond 2^53 lose precision here (documented limit).
        value = Number(BigInt.asIntN(64, r.varint64()));
        break;
      case 4:
        r.expect(f, w, WireType.Fixed64);
        value = r.double();
        break;
      case 5: {
        r.expect(f, w, WireType.Bytes);
        const arr: AnyValueJs[] = [];
        const sub = r.sub();
        while (!sub.done) {
          const [af, aw] = sub.tag();
          if (af === 1) {
            sub.expect(af, aw, WireType.Bytes);
            arr.push(readAnyValue(sub.sub(), depth + 1));
          } else sub.skip(aw);
        }
        value = arr;
        break;
      }
      case 6: {
        r.expect(f, w, WireType.Bytes);
        const obj: Record<string, AnyValueJs> = {};
        const sub = r.sub();
        while (!sub.done) {
          const [kf, kw] = sub.tag();
          if (kf === 1) {
            sub.expect(kf, kw, WireType.Bytes);
            readKeyValue(sub.sub(), obj, depth + 1);
          } else sub.skip(kw);
        }
        value = obj;
        break;
      }
      case 7:
        r.expect(f, w, WireType.Bytes);
        value = r.bytes();
        break;
      default:
        r.skip(w);
    }
  }
  return value;
}

export type { Attributes };
