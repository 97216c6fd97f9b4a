import assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { SpanKind, SpanStatusCode, TraceFlags, type Attributes, type Link } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { TraceState, type InstrumentationScope } from '@opentelemetry/core';
import { ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { TimedEvent } from '@opentelemetry/sdk-trace-base';
import type { LogRecord, Span } from '../consumer/consumer';
import { makeLogRecord, makeSpan, withLog, withSpan } from '../data/builders';
import { decodeRequest } from '../../test/helpers/sink';
import { encodeLogsRequest } from './encode-logs-proto';
import { encodeTraceRequest } from './encode-traces-proto';
import { decodeLogRecords, decodeSpans } from './decode';

// The same independent decoder as the test sink: protobufjs over the .proto files dd-trace ships.
let root: protobuf.Root | undefined;
function decodeFull(signal: 'traces' | 'logs', bytes: Uint8Array): unknown {
  root ??= protobuf.loadSync(
    ['trace_service.proto', 'logs_service.proto'].map((f) =>
      path.join(path.dirname(require.resolve('dd-trace/package.json')), 'packages/dd-trace/src/opentelemetry/otlp', f),
    ),
  );
  const type = root.lookupType(
    signal === 'traces'
      ? 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'
      : 'opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest',
  );
  // Longs as decimal strings keep int64 exact; bytes as base64; every field, defaults included.
  return type.toObject(type.decode(bytes), { longs: String, enums: Number, bytes: String, arrays: true, defaults: true });
}

function official(signal: 'traces' | 'logs', items: Span[] | LogRecord[]): Uint8Array {
  return signal === 'traces'
    ? ProtobufTraceSerializer.serializeRequest(items as Span[])!
    : ProtobufLogsSerializer.serializeRequest(items as LogRecord[])!;
}

function ours(signal: 'traces' | 'logs', items: Span[] | LogRecord[]): Uint8Array {
  return signal === 'traces' ? encodeTraceRequest(items as Span[]) : encodeLogsRequest(items as LogRecord[]);
}

/** Both encoders agree through the full protobufjs decode and the sink's view; returns our bytes. */
function assertAgree(signal: 'traces' | 'logs', items: Span[] | LogRecord[], sameBytes = true): Uint8Array {
  const a = ours(signal, items);
  const b = official(signal, items);
  assert.deepStrictEqual(decodeFull(signal, a), decodeFull(signal, b));
  assert.deepStrictEqual(decodeRequest(signal, 'proto', Buffer.from(a)), decodeRequest(signal, 'proto', Buffer.from(b)));
  if (sameBytes) assert.ok(Buffer.from(a).equals(Buffer.from(b)), 'same bytes as the official serializer');
  return a;
}

// ---- generators ----------------------------------------------------------------------------

const hexChars = '0123456789abcdef0123456789ABCDEF';
const hexId = (n: number) => fc.string({ unit: fc.constantFrom(...hexChars), minLength: n, maxLength: n });
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), loneSurrogate), maxLength: 8 }),
  fc.string({ minLength: 120, maxLength: 300 }),
  fc.string({ unit: 'grapheme', minLength: 40, maxLength: 90 }),
);
const key = fc.oneof(fc.constantFrom('http.method', 'service.name', 'a', '', '0', '17', 'ключ', '键'), fc.string({ maxLength: 10 }));
const number = fc.oneof(
  fc.integer(),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
  fc.maxSafeInteger(),
  fc.double(),
  fc.constantFrom(0, -0, 2 ** 32, 2 ** 53, 2 ** 53 + 2, 2 ** 62, 2 ** 63, -(2 ** 63), -(2 ** 63) - 4096, 2 ** 64, 1e300, NaN, Infinity, -Infinity, 0.5, -1),
);
const bytes = fc.uint8Array({ maxLength: 40 });
const primitive = fc.oneof(text, fc.boolean(), number);
/** Attribute values as the SDK types allow, plus what our receivers may put there (bytes, null). */
const attrValue = fc.oneof(
  { weight: 6, arbitrary: primitive },
  { weight: 1, arbitrary: fc.array(fc.oneof(text, fc.constant(null), fc.constant(undefined)), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(number, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(fc.boolean(), { maxLength: 3 }) },
  { weight: 1, arbitrary: bytes },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
);
const attrs = (max: number) => fc.dictionary(key, attrValue, { maxKeys: max }) as fc.Arbitrary<Attributes>;
/** AnyValue for log bodies and log attributes: nested maps and arrays. */
const anyValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    primitive,
    bytes,
    fc.constantFrom(null, undefined),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;
const ns = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 1_600_000_000_000_000_000n, max: 1_800_000_000_000_000_000n }));
const count = fc.oneof(fc.constant(0), fc.nat(300), fc.nat());
const traceState = fc.option(fc.constantFrom('vendor=x', 'dd=s:1;t.dm:-0,rojo=00f067aa0ba902b7', 'a=1,b=2,c=3'), { nil: undefined });

/** Pools: items refer to shared Resource and scope objects, as receivers make them. */
const resources = fc.array(
  fc.record({ attrs: attrs(6), schemaUrl: fc.option(fc.constantFrom('https://opentelemetry.io/schemas/1.26.0', ''), { nil: undefined }) }),
  { minLength: 1, maxLength: 3 },
).map((rs) => rs.map((r) => resourceFromAttributes(r.attrs, r.schemaUrl !== undefined ? { schemaUrl: r.schemaUrl } : undefined)));
// Scope names are distinct within a pool, so grouping by object and by name agree.
const scopes = fc.array(
  fc.record({
    version: fc.option(fc.constantFrom('1.0.0', '', '2.3.4-β'), { nil: undefined }),
    schemaUrl: fc.option(fc.constantFrom('https://opentelemetry.io/schemas/1.20.0', ''), { nil: undefined }),
    attributes: fc.option(attrs(3), { nil: undefined }),
    droppedAttributesCount: fc.option(fc.nat(5), { nil: undefined }),
  }),
  { minLength: 1, maxLength: 3 },
).map((ss) => ss.map((s, i) => ({ name: i === 0 ? 'dd-otel-bridge' : `scope-${i}-ü`, ...s }) as InstrumentationScope));

const event = fc.record({ time: ns, name: text, attributes: fc.option(attrs(4), { nil: undefined }), dropped: fc.option(count, { nil: undefined }) });
const link = fc.record({
  traceId: hexId(32),
  spanId: hexId(16),
  traceFlags: fc.nat(255),
  isRemote: fc.option(fc.boolean(), { nil: undefined }),
  traceState,
  attributes: fc.option(attrs(4), { nil: undefined }),
  dropped: fc.option(count, { nil: undefined }),
});

const spanSpec = fc.record({
  traceId: hexId(32),
  spanId: hexId(16),
  parentSpanId: fc.option(hexId(16), { nil: undefined }),
  parentRemote: fc.boolean(),
  traceFlags: fc.nat(255),
  traceState,
  name: text,
  kind: fc.option(fc.constantFrom(SpanKind.INTERNAL, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER), { nil: undefined }),
  startNs: ns,
  durNs: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 12n })),
  status: fc.record({ code: fc.constantFrom(SpanStatusCode.UNSET, SpanStatusCode.OK, SpanStatusCode.ERROR), message: fc.option(text, { nil: undefined }) }),
  attributes: attrs(12),
  events: fc.array(event, { maxLength: 3 }),
  links: fc.array(link, { maxLength: 3 }),
  dropped: fc.tuple(count, count, count),
  resource: fc.nat(),
  scope: fc.nat(),
});

function buildSpan(s: fc.Arbitrary<any> extends fc.Arbitrary<infer T> ? T : never, rs: Resource[], ss: InstrumentationScope[]): Span {
  const span = makeSpan({
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    name: s.name,
    kind: s.kind,
    startNs: s.startNs,
    endNs: s.startNs + s.durNs < 2n ** 64n ? s.startNs + s.durNs : s.startNs,
    status: s.status,
    attributes: s.attributes,
    events: s.events.map((e: any): TimedEvent => {
      const t = makeSpan({ traceId: '', spanId: '', name: '', startNs: e.time, endNs: e.time, resource: rs[0] }).startTime;
      return { time: t, name: e.name, attributes: e.attributes, droppedAttributesCount: e.dropped };
    }),
    links: s.links.map(
      (l: any): Link => ({
        context: { traceId: l.traceId, spanId: l.spanId, traceFlags: l.traceFlags, isRemote: l.isRemote, traceState: l.traceState ? new TraceState(l.traceState) : undefined },
        attributes: l.attributes,
        droppedAttributesCount: l.dropped,
      }),
    ),
    droppedAttributesCount: s.dropped[0],
    droppedEventsCount: s.dropped[1],
    droppedLinksCount: s.dropped[2],
    resource: rs[s.resource % rs.length],
    scope: ss[s.scope % ss.length],
  });
  const ctx = { ...span.spanContext(), traceFlags: s.traceFlags, traceState: s.traceState ? new TraceState(s.traceState) : undefined };
  const parent = span.parentSpanContext ? { ...span.parentSpanContext, isRemote: s.parentRemote } : undefined;
  return withSpan(span, { spanContext: () => ctx, parentSpanContext: parent });
}

const logSpec = fc.record({
  timeNs: ns,
  observedNs: ns,
  ids: fc.option(fc.tuple(hexId(32), hexId(16), fc.nat(255)), { nil: undefined }),
  severityText: fc.option(text, { nil: undefined }),
  severityNumber: fc.option(fc.integer({ min: 0, max: 24 }), { nil: undefined }),
  body: anyValue,
  attributes: fc.dictionary(key, anyValue, { maxKeys: 8 }),
  eventName: fc.option(fc.oneof(text, fc.constant('cart.empty')), { nil: undefined }),
  dropped: count,
  resource: fc.nat(),
  scope: fc.nat(),
});

function buildLog(l: any, rs: Resource[], ss: InstrumentationScope[]): LogRecord {
  const r = makeLogRecord({
    timeNs: l.timeNs,
    observedNs: l.observedNs,
    traceId: l.ids?.[0],
    spanId: l.ids?.[1],
    severityText: l.severityText,
    severityNumber: l.severityNumber as SeverityNumber | undefined,
    body: l.body,
    attributes: l.attributes,
    eventName: l.eventName,
    droppedAttributesCount: l.dropped,
    resource: rs[l.resource % rs.length],
    scope: ss[l.scope % ss.length],
  });
  return r.spanContext ? withLog(r, { spanContext: { ...r.spanContext, traceFlags: l.ids[2] } }) : r;
}

const NUM_RUNS = 300;

describe('otlp protobuf encoder', () => {
  describe('agrees with the official serializer on generated data', () => {
    it('spans: every field and value type, several resources and scopes', () => {
      fc.assert(
        fc.property(resources, scopes, fc.array(spanSpec, { maxLength: 12 }), (rs, ss, specs) => {
          assertAgree('traces', specs.map((s) => buildSpan(s, rs, ss)));
        }),
        { numRuns: NUM_RUNS },
      );
    });

    it('log records: bodies and attributes of nested AnyValue, trace context, severities', () => {
      fc.assert(
        fc.property(resources, scopes, fc.array(logSpec, { maxLength: 12 }), (rs, ss, specs) => {
          assertAgree('logs', specs.map((l) => buildLog(l, rs, ss)));
        }),
        { numRuns: NUM_RUNS },
      );
    });

    it('round-trips through our own OTLP decoder to the same bytes', () => {
      fc.assert(
        fc.property(resources, scopes, fc.array(spanSpec, { minLength: 1, maxLength: 6 }), fc.array(logSpec, { minLength: 1, maxLength: 6 }), (rs, ss, sp, lg) => {
          const spanBytes = encodeTraceRequest(sp.map((s) => buildSpan(s, rs, ss)));
          assert.ok(Buffer.from(encodeTraceRequest(decodeSpans(spanBytes, 'proto'))).equals(Buffer.from(spanBytes)));
          const logBytes = encodeLogsRequest(lg.map((l) => buildLog(l, rs, ss)));
          assert.ok(Buffer.from(encodeLogsRequest(decodeLogRecords(logBytes, 'proto'))).equals(Buffer.from(logBytes)));
        }),
        { numRuns: 100 },
      );
    });
  });

  describe('fixed cases', () => {
    const resource = resourceFromAttributes({ 'service.name': 'Python-App', 'deployment.environment.name': 'Testing', 'service.version': 'V1.1' });

    it('the seed trace ids and times come out as the raw bytes and exact nanoseconds', () => {
      const root = makeSpan({
        traceId: '0000000000000000df8c4126fda6fb67',
        spanId: 'fd8b2314f81bc419',
        name: 'flask.request',
        kind: SpanKind.SERVER,
        startNs: 1623982028783232000n,
        endNs: 1623982028788599000n,
        attributes: { 'datadog.trace.id': '16108321602917563239', 'http.response.status_code': 200 },
        resource,
      });
      const child = makeSpan({
        traceId: '0000000000000000df8c4126fda6fb67',
        spanId: 'b22920973d13d1b7',
        parentSpanId: 'fd8b2314f81bc419',
        name: '__main__.index',
        startNs: 1623982028784000000n,
        endNs: 1623982028785000001n,
        resource,
      });
      const bytes = assertAgree('traces', [root, child]);
      const full = decodeFull('traces', bytes) as any;
      const [s0, s1] = full.resourceSpans[0].scopeSpans[0].spans;
      assert.equal(Buffer.from(s0.traceId, 'base64').toString('hex'), '0000000000000000df8c4126fda6fb67');
      assert.equal(Buffer.from(s0.spanId, 'base64').toString('hex'), 'fd8b2314f81bc419');
      assert.equal(s0.parentSpanId, '');
      assert.equal(Buffer.from(s1.parentSpanId, 'base64').toString('hex'), 'fd8b2314f81bc419');
      assert.equal(s0.startTimeUnixNano, '1623982028783232000');
      assert.equal(s1.endTimeUnixNano, '1623982028785000001');
      assert.equal(s0.kind, 2);
      assert.equal(s0.flags, 0x101);
      assert.deepEqual(s0.attributes[1].value.intValue, '200');
    });

    it('an empty batch is an empty request', () => {
      assert.equal(encodeTraceRequest([]).length, 0);
      assert.equal(encodeLogsRequest([]).length, 0);
      assertAgree('traces', []);
      assertAgree('logs', []);
    });

    it('times beyond 2^53 and up to 2^64-1 ns are exact', () => {
      for (const t of [0n, 1n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n, 1_732_406_400_123_456_789n]) {
        const s = makeSpan({ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 'x', startNs: t, endNs: t, resource });
        const full = decodeFull('traces', assertAgree('traces', [s])) as any;
        assert.equal(full.resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano, t.toString());
        const l = makeLogRecord({ timeNs: t, observedNs: t, resource });
        const lf = decodeFull('logs', assertAgree('logs', [l])) as any;
        assert.equal(lf.resourceLogs[0].scopeLogs[0].logRecords[0].observedTimeUnixNano, t.toString());
      }
    });

    it('numbers: negative and 64-bit ints as int_value, NaN, Infinity and fractions as double_value', () => {
      const values = { neg: -1, min: -(2 ** 63), big: 2 ** 62 + 2 ** 40, u32: 2 ** 32, nan: NaN, inf: -Infinity, half: 0.5, over: 2 ** 63, zero: -0 };
      const l = makeLogRecord({ timeNs: 1n, observedNs: 2n, attributes: values, body: values, resource });
      const full = decodeFull('logs', assertAgree('logs', [l])) as any;
      const got = Object.fromEntries(full.resourceLogs[0].scopeLogs[0].logRecords[0].attributes.map((kv: any) => [kv.key, kv.value]));
      assert.equal(got.neg.intValue, '-1');
      assert.equal(got.min.intValue, '-9223372036854775808');
      assert.equal(got.big.intValue, String(2n ** 62n + 2n ** 40n));
      assert.equal(got.u32.intValue, '4294967296');
      assert.ok(Number.isNaN(got.nan.doubleValue));
      assert.equal(got.inf.doubleValue, -Infinity);
      assert.equal(got.half.doubleValue, 0.5);
      assert.equal(got.over.doubleValue, 2 ** 63);
      assert.equal(got.zero.intValue, '0');
    });

    it('strings: empty, non-ASCII, lone surrogates as U+FFFD, long ones needing 2- and 3-byte lengths', () => {
      const values: Attributes = {
        '': '',
        'ключ': 'значение — 値 — 🙂',
        lone: 'a\ud800b\udc00',
        tail: 'x\ud83d',
        long: 'é'.repeat(70),
        longer: 'y'.repeat(20000),
      };
      const s = makeSpan({ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 'ñame 🙂', startNs: 1n, endNs: 2n, attributes: values, resource });
      const full = decodeFull('traces', assertAgree('traces', [s])) as any;
      const span = full.resourceSpans[0].scopeSpans[0].spans[0];
      assert.equal(span.name, 'ñame 🙂');
      const got = Object.fromEntries(span.attributes.map((kv: any) => [kv.key, kv.value.stringValue]));
      assert.equal(got[''], '');
      assert.equal(got['ключ'], 'значение — 値 — 🙂');
      assert.equal(got.lone, 'a\ufffdb\ufffd');
      assert.equal(got.tail, 'x\ufffd');
      assert.equal(got.long, 'é'.repeat(70));
      assert.equal(got.longer.length, 20000);
    });

    it('huge attribute counts and a batch larger than the scratch buffer', () => {
      const many: Attributes = {};
      for (let i = 0; i < 5000; i++) many[`attr.${i}`] = i % 3 ? `value-${i}` : i;
      const spans = Array.from({ length: 60 }, (_, i) =>
        makeSpan({ traceId: 'ab'.repeat(16), spanId: i.toString(16).padStart(16, '0'), name: 's', startNs: 1n, endNs: 2n, attributes: many, resource }),
      );
      const bytes = encodeTraceRequest(spans);
      // Larger than the scratch buffer kept between requests (4 MiB); checked byte for byte, as
      // decoding 300k attributes several times would take too long.
      assert.ok(bytes.length > 5 * 1024 * 1024);
      assert.ok(Buffer.from(bytes).equals(Buffer.from(official('traces', spans))));
      const { spans: got } = decodeRequest('traces', 'proto', Buffer.from(bytes));
      assert.equal(got.length, 60);
      assert.equal(got[59].attributes['attr.4999'], 'value-4999');
      // The next, small request is still right after the writer grew and shrank.
      assertAgree('traces', spans.slice(0, 2));
    });

    it('long ASCII and non-ASCII values while the buffer grows', () => {
      const attrs: Attributes = {};
      for (let i = 0; i < 40; i++) attrs[`k${i}`] = (i % 7 === 3 ? 'ü' : 'v') + `${i}`.repeat(30 + i * 7);
      for (const size of [1, 50, 700]) {
        const spans = Array.from({ length: size }, (_, i) =>
          makeSpan({ traceId: 'ab'.repeat(16), spanId: i.toString(16).padStart(16, '0'), name: 'n'.repeat(i % 300), startNs: 1n, endNs: 2n, attributes: attrs, resource }),
        );
        assert.ok(Buffer.from(encodeTraceRequest(spans)).equals(Buffer.from(official('traces', spans))), `${size} spans`);
        const logs = spans.map((s) => makeLogRecord({ timeNs: 1n, observedNs: 2n, body: s.name + 'é'.repeat(s.name.length), attributes: attrs, resource }));
        assert.ok(Buffer.from(encodeLogsRequest(logs)).equals(Buffer.from(official('logs', logs))), `${size} logs`);
      }
    });

    it('log trace flags, severity, event name and a null body as the official serializer writes them', () => {
      const l = makeLogRecord({
        timeNs: 5n,
        observedNs: 6n,
        traceId: '5b8efff798038103d269b633813fc60c',
        spanId: 'eee19b7ec3c1b174',
        severityNumber: SeverityNumber.WARN,
        severityText: 'WARN',
        body: null as unknown as string,
        eventName: 'cart.empty',
        resource,
      });
      const full = decodeFull('logs', assertAgree('logs', [l, withLog(l, { spanContext: { ...l.spanContext!, traceFlags: TraceFlags.NONE } })])) as any;
      const [a, b] = full.resourceLogs[0].scopeLogs[0].logRecords;
      assert.equal(a.flags, 1);
      assert.equal(b.flags, 0);
      assert.equal(a.severityNumber, 13);
      assert.equal(a.eventName, 'cart.empty');
      assert.deepEqual(a.body, {});
    });

    it('omits ids that are not hex of the right length instead of writing garbage bytes', () => {
      const s = makeSpan({ traceId: 'xyz', spanId: 'cd'.repeat(8), parentSpanId: 'zz'.repeat(8), name: 'n', startNs: 1n, endNs: 2n, resource });
      const full = decodeFull('traces', encodeTraceRequest([s])) as any;
      const span = full.resourceSpans[0].scopeSpans[0].spans[0];
      assert.equal(span.traceId, '');
      assert.equal(Buffer.from(span.spanId, 'base64').toString('hex'), 'cd'.repeat(8));
      assert.equal(span.parentSpanId, '');
      const l = makeLogRecord({ timeNs: 1n, observedNs: 1n, traceId: 'ab'.repeat(15), spanId: 'EEE19B7EC3C1B174', resource });
      const log = (decodeFull('logs', encodeLogsRequest([l])) as any).resourceLogs[0].scopeLogs[0].logRecords[0];
      assert.equal(log.traceId, '');
      assert.equal(Buffer.from(log.spanId, 'base64').toString('hex'), 'eee19b7ec3c1b174');
    });

    it('merges equal scopes without attributes that are distinct objects; keeps first-appearance order', () => {
      const other = resourceFromAttributes({ 'service.name': 'other' });
      const mk = (scope: InstrumentationScope, r: Resource, name: string) =>
        makeLogRecord({ timeNs: 1n, observedNs: 1n, body: name, scope, resource: r });
      const a1 = { name: 'lib', version: '1' };
      const a2 = { name: 'lib', version: '1' };
      const b = { name: 'lib', version: '2' };
      const withAttrs1 = { name: 'lib', version: '1', attributes: { k: 'x' } } as InstrumentationScope;
      const logs = [mk(a1, resource, 'one'), mk(b, resource, 'two'), mk(a2, other, 'three'), mk(a2, resource, 'four'), mk(withAttrs1, resource, 'five')];
      const full = decodeFull('logs', encodeLogsRequest(logs)) as any;
      const shape = full.resourceLogs.map((rl: any) =>
        rl.scopeLogs.map((sl: any) => [sl.scope.version, sl.scope.attributes.length, sl.logRecords.map((x: any) => x.body.stringValue)]),
      );
      assert.deepEqual(shape, [
        [
          ['1', 0, ['one', 'four']],
          ['2', 0, ['two']],
          ['1', 1, ['five']],
        ],
        [['1', 0, ['three']]],
      ]);
      // Without distinct-but-equal scopes the grouping is the official one, byte for byte.
      assertAgree('logs', [logs[0], logs[1], logs[4], logs[0]]);
    });
  });
});
