/**
 * Hostile request bodies for every HTTP intake, built byte by byte: many tiny items (a span
 * that is one msgpack byte, an OTLP record that is two protobuf bytes), huge declared lengths
 * and deep nesting. Shared by the regression tests, the fuzz suite and `test/hostile/attack.ts`.
 */
import { gzipSync } from 'node:zlib';
import { toMsgpack } from '../../receivers/datadog/testing';

/** One request: where it goes, its headers and its (possibly gzip'd) body. */
export interface Attack {
  name: string;
  receiver: 'datadog' | 'otlp';
  path: string;
  contentType: string;
  body: Buffer<ArrayBufferLike>;
  gzip: boolean;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** A msgpack array32 header. */
export const array32 = (n: number): Buffer => Buffer.concat([Buffer.from([0xdd]), u32(n)]);
const fixstr = (s: string): Buffer => Buffer.concat([Buffer.from([0xa0 | s.length]), Buffer.from(s)]);

/** v0.3/v0.4: one trace of `n` spans, each an empty map (`0x91 0xdd <n> 0x80…`). */
export function ddV04Tiny(n: number): Buffer {
  return Buffer.concat([Buffer.from([0x91]), array32(n), Buffer.alloc(n, 0x80)]);
}

/** v0.5: a one-entry string table and one trace of `n` spans, each the 12-element minimum. */
export function ddV05Tiny(n: number): Buffer {
  const span = Buffer.from([0x9c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x80, 0]);
  return Buffer.concat([Buffer.from([0x92, 0x91, 0xa0, 0x91]), array32(n), Buffer.concat(Array.from({ length: n }, () => span))]);
}

/** v0.7: one chunk of `n` empty span maps. */
export function ddV07Tiny(n: number): Buffer {
  return Buffer.concat([Buffer.from([0x81]), fixstr('chunks'), Buffer.from([0x91, 0x81]), fixstr('spans'), array32(n), Buffer.alloc(n, 0x80)]);
}

/** `[[{},{},…]]`: `n` empty spans as JSON (v0.3/v0.4). */
export function ddJsonTiny(n: number): Buffer {
  return Buffer.from(`[[${'{},'.repeat(Math.max(0, n - 1))}{}]]`);
}

/** A body whose header declares `declared` spans but carries only `carried` bytes of them. */
export function ddV04Declared(declared: number, carried = 16): Buffer {
  return Buffer.concat([Buffer.from([0x91]), array32(declared), Buffer.alloc(carried, 0x80)]);
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return Buffer.from(out);
}

/** A length-delimited protobuf field. */
function field(num: number, body: Buffer): Buffer {
  return Buffer.concat([varint((num << 3) | 2), varint(body.length), body]);
}

/** `n` empty messages as repeated field `num`: two bytes each. */
function emptyRepeated(num: number, n: number): Buffer {
  const one = Buffer.from([(num << 3) | 2, 0]);
  const out = Buffer.alloc(2 * n);
  for (let i = 0; i < n; i++) one.copy(out, 2 * i);
  return out;
}

/** ExportTraceServiceRequest { resource_spans { scope_spans { spans: {} × n } } }. */
export function otlpProtoSpansTiny(n: number): Buffer {
  return field(1, field(2, emptyRepeated(2, n)));
}

/** ExportLogsServiceRequest { resource_logs { scope_logs { log_records: {} × n } } }: valid records. */
export function otlpProtoLogsTiny(n: number): Buffer {
  return field(1, field(2, emptyRepeated(2, n)));
}

/** `n` spans with only their ids (28 bytes each: the least an OTLP span can be and still decode). */
export function otlpProtoSpansWithIds(n: number): Buffer {
  const span = field(2, Buffer.concat([field(1, Buffer.alloc(16, 1)), field(2, Buffer.alloc(8, 2))]));
  return field(1, field(2, Buffer.concat(Array.from({ length: n }, () => span))));
}

/** `n` empty ResourceSpans, each a group with nothing in it. */
export function otlpProtoGroupsTiny(n: number): Buffer {
  return emptyRepeated(1, n);
}

/** `{"resourceSpans":[{"scopeSpans":[{"spans":[{},{},…]}]}]}`. */
export function otlpJsonSpansTiny(n: number): Buffer {
  return Buffer.from(`{"resourceSpans":[{"scopeSpans":[{"spans":[${'{},'.repeat(Math.max(0, n - 1))}{}]}]}]}`);
}

/** `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{},{},…]}]}]}`. */
export function otlpJsonLogsTiny(n: number): Buffer {
  return Buffer.from(`{"resourceLogs":[{"scopeLogs":[{"logRecords":[${'{},'.repeat(Math.max(0, n - 1))}{}]}]}]}`);
}

/** An AnyValue nested `depth` levels deep (array in array …) as a log record body. */
export function otlpProtoDeepLog(depth: number): Buffer {
  let v: Buffer = Buffer.alloc(0);
  for (let i = 0; i < depth; i++) v = field(5, field(1, v));
  return field(1, field(2, field(2, field(5, v))));
}

/** A v0.4 span whose meta holds a map nested `depth` levels deep under an unknown key (skipped). */
export function ddDeep(depth: number): Buffer {
  const inner = Buffer.concat([Buffer.alloc(depth, 0x91), Buffer.from([0xc0])]);
  return Buffer.concat([Buffer.from([0x91, 0x91, 0x81]), fixstr('x'), inner]);
}

/** One real span, as a tracer would send it. */
export function smallTrace(): Buffer {
  return toMsgpack([[{ service: 'web', name: 'GET /', resource: 'GET /', trace_id: 1n, span_id: 2n, parent_id: 0n, start: 1700000000000000000n, duration: 1000, meta: { env: 'test' } }]]);
}

export const MSGPACK = 'application/msgpack';
export const PROTO = 'application/x-protobuf';
export const JSON_TYPE = 'application/json';

const gz = (b: Buffer) => gzipSync(b, { level: 9 });

/**
 * The attacks of the hardening report and the same classes for every other version and
 * encoding, at the sizes that fit the default body caps (25 MiB datadog, 20 MiB otlp).
 */
export function attacks(): Attack[] {
  const a = (name: string, receiver: Attack['receiver'], path: string, contentType: string, raw: Buffer, gzip = true): Attack => ({
    name,
    receiver,
    path,
    contentType,
    body: gzip ? gz(raw) : raw,
    gzip,
  });
  return [
    a('dd v0.4 3M one-byte spans, gzip', 'datadog', '/v0.4/traces', MSGPACK, ddV04Tiny(3_000_000)),
    a('dd v0.4 1M one-byte spans, 1 MB', 'datadog', '/v0.4/traces', MSGPACK, ddV04Tiny(1_000_000), false),
    a('dd v0.5 1.9M 13-byte spans, gzip', 'datadog', '/v0.5/traces', MSGPACK, ddV05Tiny(1_900_000)),
    a('dd v0.7 3M one-byte spans, gzip', 'datadog', '/v0.7/traces', MSGPACK, ddV07Tiny(3_000_000)),
    a('dd v0.4 JSON 3M {} spans, gzip', 'datadog', '/v0.4/traces', JSON_TYPE, ddJsonTiny(3_000_000)),
    a('otlp JSON 6M {} spans, gzip', 'otlp', '/v1/traces', JSON_TYPE, otlpJsonSpansTiny(6_000_000)),
    a('otlp proto 10M empty spans, gzip', 'otlp', '/v1/traces', PROTO, otlpProtoSpansTiny(10_000_000)),
    a('otlp proto 10M empty logs, gzip', 'otlp', '/v1/logs', PROTO, otlpProtoLogsTiny(10_000_000)),
    a('otlp JSON 6M {} logs, gzip', 'otlp', '/v1/logs', JSON_TYPE, otlpJsonLogsTiny(6_000_000)),
    // Just under the default caps: the most a tiny-item body can make the bridge do.
    a('dd v0.4 140k one-byte spans (at cap)', 'datadog', '/v0.4/traces', MSGPACK, ddV04Tiny(140_000)),
    a('otlp proto 360k empty logs (at cap)', 'otlp', '/v1/logs', PROTO, otlpProtoLogsTiny(360_000)),
  ];
}
