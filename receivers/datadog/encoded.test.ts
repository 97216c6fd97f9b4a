import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SpanKind, type Attributes } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Span } from '../../src/consumer/consumer';
import { ResourceCache } from '../../src/data/resource';
import { EncodedSpan } from '../../src/otlp/encoded-span';
import { encodeTraceRequest } from '../../src/otlp/encode-traces-proto';
import { withItem } from '../../src/processorhelper/mapping';
import { setOwn } from '../../src/util/own';
import { decodeTraces } from './decode';
import { numbersOf, pairsToMap, type DDPayload, type DDSpan } from './model';
import { conventionalName } from './names';
import { otelKey } from './semconv';
import { toMsgpack } from './testing';
import { translatePayload } from './translate';

/**
 * The translation writes each span straight to OTLP protobuf (EncodedSpan). These properties hold
 * it to what the SDK-shaped span would give: the bytes are the official serializer's for the span
 * the view decodes, and the view's attributes are those a plain object gets when each attribute is
 * assigned in turn (keys set twice, array-index keys, `__proto__`, keys that map to one OTel key).
 */

const metaKeys = fc.constantFrom(
  'http.method', 'http.status_code', 'http.response.status_code', 'HTTP.Method', 'http.url', 'http.route', 'span.kind', 'env', 'version',
  '_dd.base_service', 'peer.hostname', 'server.address', 'http.server_name', '_dd.p.tid', 'error.msg', 'error.message', 'error.type',
  'error.stack', 'db.type', 'db.operation', 'db.instance', 'grpc.status.code', 'rpc.method', 'aws.service', 'aws.operation',
  '_dd.hostname', '0', '17', '4294967294', '4294967295', '01', '__proto__', 'ключ', 'component', 'language', 'process_id',
  'http.request.headers.x-id', 'events', '_dd.span_links',
);
const text = fc.oneof(fc.constantFrom('200', '404', '99', '2000', 'GET', '', 'POST', 'server', 'client', 'Producer'), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ minLength: 25, maxLength: 60 }));
const metaValue = (k: string) =>
  k === 'events'
    ? fc.constantFrom('[{"name":"e","time_unix_nano":1700000000000000000,"attributes":{"a":"b"}}]', '[{"name":"exception"}]', 'not json')
    : k === '_dd.span_links'
      ? fc.constantFrom('[{"trace_id":"0eacdb57bebc935038bf5b4802ccabd5","span_id":"70666bf9dee4a3fe","attributes":{"k":"v"}}]', '[')
      : k === '_dd.p.tid'
        ? fc.constantFrom('6650a0f100000000', 'zz', '')
        : text;
const meta = fc.array(metaKeys.chain((k) => metaValue(k).map((v) => [k, v] as const)), { maxLength: 14 });
const metricKeys = fc.constantFrom('_sampling_priority_v1', '_dd.measured', 'process_id', 'http.status_code', 'component', '3', '__proto__', 'x', 'db.type');
const metricValue = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, 1, 2 ** 31, 2 ** 53, 2 ** 62, 2 ** 63, NaN, Infinity, 1.5));
const u64 = fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }));
// Times before 1970 are written as the two's complement they always were; OTLP reads them as far future.
const i64 = fc.oneof(fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }), fc.bigInt({ min: 1_600_000_000_000_000_000n, max: 1_800_000_000_000_000_000n }));

const span = fc.record({
  service: fc.constantFrom('svc', 'web', ''),
  name: fc.constantFrom('http.request', 'servlet.request', 'grpc.client', 'grpc.server', 'aws.request', 'postgresql.query', 'spring.handler', 'x', 'ünï'),
  resource: text,
  type: fc.constantFrom('web', 'http', 'sql', ''),
  traceId: u64,
  spanId: u64,
  parentId: u64,
  start: i64,
  duration: fc.oneof(fc.bigInt({ min: -10n, max: 10n ** 12n }), fc.constant((1n << 63n) - 1n)),
  error: fc.constantFrom(0, 1, 2),
  meta,
  metrics: fc.array(fc.tuple(metricKeys, metricValue), { maxLength: 5 }),
});

type SpanSpec = typeof span extends fc.Arbitrary<infer T> ? T : never;

/** Map keys as bin strings: distinct Map keys even when the text repeats, so a key can be sent twice. */
const pairs = (kv: readonly (readonly [string, unknown])[]) => new Map(kv.map(([k, v]) => [new Uint8Array(Buffer.from(k)), v]));

/** A span as a v0.4 msgpack span map. */
function wireSpan(s: SpanSpec): Record<string, unknown> {
  const { traceId, spanId, parentId, meta, metrics, ...rest } = s;
  return { ...rest, trace_id: traceId, span_id: spanId, parent_id: parentId, meta: pairs(meta), metrics: pairs(metrics) };
}

const payload = fc
  .array(fc.array(span, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 })
  .map((chunks): DDPayload => decodeTraces('v0.4', 'msgpack', toMsgpack(chunks.map((c) => c.map(wireSpan)))));

/** The attributes as a plain object gets them, assigned one by one in the translation's order. */
function expectedAttributes(s: DDSpan, priority: number | undefined): Attributes {
  const attrs: Attributes = {};
  const consumed = new Set(['_dd.span_links', 'events', '_dd.span_events.has_exception', 'env', 'version']);
  const meta = pairsToMap<string>(s.meta);
  const metrics = pairsToMap<number>(s.metrics);
  for (const k of Object.keys(meta)) {
    if (consumed.has(k)) continue;
    const key = otelKey(k);
    const v = meta[k];
    setOwn(attrs, key, key === 'http.response.status_code' && /^\d{1,3}$/.test(v) ? Number(v) : v);
  }
  for (const k of Object.keys(metrics)) setOwn(attrs, otelKey(k), metrics[k]);
  let kind = meta['span.kind']?.toLowerCase();
  const named = conventionalName(s.name, s.resource, s.meta, s.error, { setKey: (k, v) => setOwn(attrs, k, v) });
  if (named.kind === SpanKind.INTERNAL) kind = 'internal';
  const known = ['server', 'client', 'producer', 'consumer', 'internal'];
  if (kind === undefined || !known.includes(kind)) kind = s.type === 'web' ? 'server' : s.type === 'http' ? 'client' : 'internal';
  if ((kind === 'client' || kind === 'producer' || kind === 'consumer') && attrs['server.address'] === undefined && meta['peer.hostname']) {
    attrs['server.address'] = meta['peer.hostname'];
  }
  const base = meta['_dd.base_service'];
  if (base && base !== s.service) attrs['service.name'] = s.service;
  attrs['dd.span.Resource'] = s.resource;
  attrs['datadog.trace.id'] = numbersOf(s).traceId.toString();
  attrs['datadog.span.id'] = numbersOf(s).spanId.toString();
  if (priority !== undefined) attrs['sampling.priority'] = priority;
  return attrs;
}

function views(spans: Span[]): ReadableSpan[] {
  return spans.map((s) => (s as EncodedSpan).view());
}

describe('datadog receiver: spans written straight to OTLP', () => {
  it('are the bytes the official serializer writes for the spans they present', () => {
    fc.assert(
      fc.property(payload, (p) => {
        const { spans } = translatePayload(p, { language: 'python', tracerVersion: '2.0' }, new ResourceCache());
        assert.ok(spans.every((s) => s instanceof EncodedSpan));
        const official = Buffer.from(ProtobufTraceSerializer.serializeRequest(views(spans))!);
        assert.ok(Buffer.from(encodeTraceRequest(spans)).equals(official));
        // Encoded and plain spans mixed: runs of copied bytes break where a plain span comes.
        const mixed = spans.map((s, i) => (i % 2 ? (s as EncodedSpan).view() : s));
        assert.ok(Buffer.from(encodeTraceRequest(mixed)).equals(official));
      }),
      { numRuns: 400 },
    );
  });

  it('present the attributes a plain object holds when each is assigned in turn', () => {
    fc.assert(
      fc.property(payload, (p) => {
        const { spans } = translatePayload(p, {}, new ResourceCache());
        const dd = p.chunks.flatMap((c) => c.spans.map((s) => [s, c] as const));
        spans.forEach((s, i) => {
          const [d, chunk] = dd[i];
          const priority = chunk.spans.map((x) => pairsToMap<number>(x.metrics)['_sampling_priority_v1']).find((v) => v !== undefined);
          // OTLP ints have no -0: the one value the bytes cannot carry as the object holds it.
          const want: Attributes = {};
          for (const [k, v] of Object.entries(expectedAttributes(d, priority))) setOwn(want, k, Object.is(v, -0) ? 0 : v);
          assert.deepEqual(Object.keys(s.attributes), Object.keys(want));
          assert.deepEqual(s.attributes, want);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('give their ids without decoding, and keep their bytes when only the resource changes', () => {
    const p = decodeTraces('v0.4', 'msgpack', toMsgpack([[{ name: 'n', trace_id: 255n, span_id: 1n << 63n, start: 1n, duration: 2n, meta: { '_dd.p.tid': '00000000000000ff' } }]]));
    const [s] = translatePayload(p, {}, new ResourceCache()).spans as EncodedSpan[];
    assert.deepEqual(s.spanContext(), { traceId: '00000000000000ff00000000000000ff', spanId: '8000000000000000', traceFlags: 1, isRemote: false });
    assert.equal(s.view().spanContext().traceId, s.spanContext().traceId);
    const other = new ResourceCache().get({ 'service.name': 'other' });
    const moved = withItem(s as Span, { resource: other });
    assert.ok(moved instanceof EncodedSpan && moved.bytes === s.bytes && moved.resource === other);
    const changed = withItem(s as Span, { attributes: { a: 'b' } });
    assert.ok(!(changed instanceof EncodedSpan));
    assert.deepEqual(changed.attributes, { a: 'b' });
    assert.equal(changed.name, 'n');
  });

  it('count a key sent twice once after its tables start over (8192 distinct keys)', () => {
    const translate = (meta: [string, string][], type = '') => {
      const p = decodeTraces('v0.4', 'msgpack', toMsgpack([[{ name: 'n', type, trace_id: 1n, span_id: 2n, start: 1n, duration: 2n, meta: pairs(meta) }]]));
      return translatePayload(p, {}, new ResourceCache()).spans[0];
    };
    // Remembered at position 0, then more distinct keys than the tables keep: the next span starts them over.
    translate([['x', 'v'], ['y', 'w']]);
    translate([['x', 'v'], ...Array.from({ length: 9000 }, (_, i): [string, string] => [`hostile.${i}`, 'v'])]);
    const s = translate([['x', 'a'], ['x', 'b']]);
    const written = (s as EncodedSpan).view().attributes;
    assert.equal(written.x, 'b');
    assert.deepEqual(Object.keys(written).filter((k) => k === 'x'), ['x']);
    const official = Buffer.from(ProtobufTraceSerializer.serializeRequest(views([s]))!);
    assert.ok(Buffer.from(encodeTraceRequest([s])).equals(official));
    // The attributes the translation sets itself are still recognised when a meta key names them.
    const client = translate([['span.kind', 'client'], ['server.address', 'kept'], ['peer.hostname', 'h'], ['dd.span.Resource', 'r']], 'http');
    const keys = (client as EncodedSpan).view().attributes;
    assert.equal(keys['server.address'], 'kept');
    const bytes = Buffer.from(encodeTraceRequest([client]));
    const count = (key: string) => {
      let n = 0;
      for (let at = bytes.indexOf(key); at >= 0; at = bytes.indexOf(key, at + 1)) n++;
      return n;
    };
    assert.equal(count('dd.span.Resource'), 1, 'one dd.span.Resource KeyValue');
    assert.equal(count('server.address'), 1, 'one server.address KeyValue');
  });
});
