import assert from 'node:assert/strict';
import fc from 'fast-check';
import { NO_HOST, testSettings } from '../../src/component/testing';
import type { Span } from '../../src/consumer/consumer';
import { SinkConsumer } from '../../src/consumer/testing';
import { defaults } from '../../src/config/schema';
import { ResourceCache } from '../../src/data/resource';
import { config } from './config';
import { DecodeError, decodeTraces, type BodyFormat, type TraceVersion } from './decode';
import { factory } from './factory';
import type { DatadogReceiver } from './receiver';
import { encodeV05, toMsgpack } from './testing';
import { translatePayload } from './translate';

const T = 1700000000000000000n;

/** Valid bodies of every format, to mutate. */
const seeds: [TraceVersion, BodyFormat, Buffer][] = (() => {
  const spans = [
    {
      service: 'svc',
      name: 'http.request',
      resource: 'GET /',
      type: 'web',
      trace_id: 12345678901234567890n,
      span_id: 1n,
      parent_id: 0n,
      start: T,
      duration: 1000,
      error: 1,
      meta: { 'http.method': 'GET', '_dd.p.tid': '6650a0f100000000', events: '[{"name":"e","time_unix_nano":1}]', '_dd.span_links': '[{"trace_id":"0eacdb57bebc935038bf5b4802ccabd5","span_id":"70666bf9dee4a3fe"}]', 'error.msg': 'x' },
      metrics: { _sampling_priority_v1: 1, n: 2.5 },
    },
    { service: 'svc', name: 'grpc.client', trace_id: 12345678901234567890n, span_id: 2n, parent_id: 1n, start: T, duration: 5, span_links: [{ trace_id: 1n, span_id: 2n, flags: 0x80000001 }], span_events: [{ name: 'n', time_unix_nano: T, attributes: { a: { type: 4, array_value: { values: [{ type: 2, int_value: 1 }] } } } }] },
  ];
  return [
    ['v0.4', 'msgpack', toMsgpack([spans])],
    ['v0.5', 'msgpack', encodeV05([spans])],
    ['v0.7', 'msgpack', toMsgpack({ language_name: 'go', chunks: [{ priority: 1, spans, tags: { a: 'b' } }] })],
    ['v0.3', 'json', Buffer.from(JSON.stringify([[{ name: 'a', trace_id: 1, span_id: 2, meta: { k: 'v' }, metrics: { m: 1 } }]]))],
  ];
})();

function decodeAndTranslate(version: TraceVersion, format: BodyFormat, body: Buffer): void {
  try {
    const p = decodeTraces(version, format, body);
    translatePayload(p, { language: 'nodejs' }, new ResourceCache());
  } catch (err) {
    // The only acceptable failure is a reasoned DecodeError; anything else is a bug.
    if (!(err instanceof DecodeError)) throw err;
    assert.ok(err.message.length > 0 && !err.message.includes('\n'));
  }
}

const versions: TraceVersion[] = ['v0.3', 'v0.4', 'v0.5', 'v0.7'];

const mutation = (len: number) =>
  fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(len - 1), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(len - 1), value: fc.constant(0) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(len - 1), value: fc.integer({ min: 0, max: 255 }) }),
  );

function mutate(body: Buffer, muts: { kind: 'flip' | 'cut' | 'insert'; at: number; value: number }[]): Buffer {
  let b = Buffer.from(body);
  for (const m of muts) {
    const at = Math.min(m.at, Math.max(0, b.length - 1));
    if (m.kind === 'flip') b[at] = m.value;
    else if (m.kind === 'cut') b = b.subarray(0, at);
    else b = Buffer.concat([b.subarray(0, at), Buffer.from([m.value]), b.subarray(at)]);
  }
  return b;
}

/** Arbitrary msgpack-able values, ids included, so structure-aware bodies reach deep code. */
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.bigInt({ min: -(1n << 63n), max: (1n << 64n) - 1n }),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 8 }),
    fc.constantFrom('trace_id', 'span_id', 'meta', 'metrics', 'span_links', 'span_events', 'chunks', 'spans', '_dd.span_links', 'events'),
    fc.array(tie('v'), { maxLength: 13 }),
    fc.dictionary(fc.constantFrom('service', 'name', 'trace_id', 'span_id', 'parent_id', 'start', 'duration', 'error', 'meta', 'metrics', 'span_links', 'span_events', 'chunks', 'spans', 'tags', 'priority', 'type', 'attributes', 'x'), tie('v'), { maxKeys: 6 }),
  ),
})).v;

describe('datadog receiver: property tests over every decoder', () => {
  it('arbitrary bytes never throw anything but a DecodeError', () => {
    fc.assert(
      fc.property(fc.constantFrom(...versions), fc.constantFrom<BodyFormat>('msgpack', 'json', 'sniff'), fc.uint8Array({ maxLength: 300 }), (v, f, bytes) => {
        decodeAndTranslate(v, f, Buffer.from(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('mutated valid bodies of every format never throw anything but a DecodeError', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation(400), { minLength: 1, maxLength: 4 }), ([v, f, body], muts) => {
        decodeAndTranslate(v, f, mutate(body, muts));
      }),
      { numRuns: 4000 },
    );
  });

  it('structurally arbitrary msgpack and JSON bodies never throw anything but a DecodeError', () => {
    fc.assert(
      fc.property(fc.constantFrom(...versions), value, (v, x) => {
        decodeAndTranslate(v, 'msgpack', toMsgpack(x));
        decodeAndTranslate(v, 'msgpack', toMsgpack([[x]]));
        decodeAndTranslate('v0.4', 'json', Buffer.from(JSON.stringify(x, (_k, y) => (typeof y === 'bigint' ? Number(y) : y instanceof Uint8Array ? [...y] : y)) ?? 'null'));
      }),
      { numRuns: 2000 },
    );
  });

  it('over HTTP: every answer is 200 or a 4xx, and the server keeps serving valid requests', async () => {
    const sink = new SinkConsumer<Span>();
    const rx = factory.create(testSettings('datadog', 'receiver'), { ...defaults(config), endpoint: '127.0.0.1:0' }, { traces: sink }) as DatadogReceiver;
    await rx.start(NO_HOST);
    const url = `http://127.0.0.1:${rx.address()!.port}`;
    try {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...seeds), fc.array(mutation(400), { maxLength: 3 }), fc.constantFrom('application/msgpack', 'application/json', 'text/plain', ''), async ([v, , body], muts, ct) => {
          const res = await fetch(`${url}/${v}/traces`, { method: 'PUT', body: mutate(body, muts), headers: ct ? { 'Content-Type': ct } : {} });
          await res.text();
          assert.ok(res.status === 200 || (res.status >= 400 && res.status < 500), `status ${res.status}`);
        }),
        { numRuns: 300 },
      );
      const ok = await fetch(`${url}/v0.4/traces`, { method: 'PUT', body: seeds[0][2], headers: { 'Content-Type': 'application/msgpack' } });
      assert.equal(ok.status, 200);
    } finally {
      await rx.shutdown();
    }
  });
});
