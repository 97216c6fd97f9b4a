/**
 * Every HTTP receiver answers the same bad body the same way, because they share one body reader,
 * one error → status mapping and one listener: a table over the datadog and otlp receivers,
 * through real HTTP on port 0.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { factory as datadog } from '../../receivers/datadog/factory';
import { toMsgpack } from '../../receivers/datadog/testing';
import { factory as otlp } from '../../receivers/otlp/factory';
import type { Component, ReceiverFactory } from '../component/component';
import { NO_HOST, testSettings } from '../component/testing';
import type { ConfigIssue } from '../config/issue';
import type { Span } from '../consumer/consumer';
import { PermanentError, RefusedError } from '../consumer/errors';
import { SinkConsumer } from '../consumer/testing';
import { trickle } from '../net/testing';
import { withSpan } from '../data/builders';
import { encodeSpans } from '../otlp/encode';
import { sampleSpans } from '../otlp/testdata';
import { Metrics } from '../telemetry/metrics';

const LIMIT = 4000;

interface Target {
  name: string;
  factory: ReceiverFactory<any>;
  config: (extra: Record<string, unknown>) => unknown;
  address: (c: Component) => string;
  /** Where a trace body goes and the Content-Type it takes. */
  path: string;
  type: string;
  /** A Content-Type this endpoint refuses. */
  refusedType: string;
  valid: () => Buffer;
  /** A valid body of `n` spans. */
  spans: (n: number) => Buffer;
}

const TARGETS: Target[] = [
  {
    name: 'datadog',
    factory: datadog,
    config: (extra) => ({ endpoint: '127.0.0.1:0', ...extra }),
    address: (c) => `127.0.0.1:${(c as unknown as { address(): { port: number } }).address().port}`,
    path: '/v0.7/traces',
    type: 'application/msgpack',
    refusedType: 'application/json',
    valid: () => toMsgpack({ chunks: [{ spans: [{ service: 's', name: 'op', resource: 'r', trace_id: 1n, span_id: 2n, start: 1n, duration: 1 }] }] }),
    spans: (n) => toMsgpack({ chunks: [{ spans: Array.from({ length: n }, (_, i) => ({ name: 'op', trace_id: 1n, span_id: BigInt(i + 1) })) }] }),
  },
  {
    name: 'otlp',
    factory: otlp,
    config: (extra) => ({ protocols: { http: { endpoint: '127.0.0.1:0', ...extra } } }),
    address: (c) => (c as unknown as { address: string }).address,
    path: '/v1/traces',
    type: 'application/json',
    refusedType: 'text/plain',
    valid: () => Buffer.from(encodeSpans(sampleSpans().slice(0, 1), 'json')),
    spans: (n) => Buffer.from(encodeSpans(Array.from({ length: n }, () => withSpan(sampleSpans()[0], { events: [], links: [] })), 'json')),
  },
];

interface Answer {
  status: number;
  reason: string;
  retryAfter: string | undefined;
}

/** The one-line reason, whichever body format the receiver answers in (text, or an OTLP JSON Status). */
function reasonOf(contentType: string, body: string): string {
  return contentType.startsWith('application/json') ? (JSON.parse(body) as { message: string }).message : body.trim();
}

function send(url: string, body: Buffer, headers: Record<string, string>, chunked = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d) => (text += d));
      res.on('end', () =>
        resolve({ status: res.statusCode!, reason: reasonOf(String(res.headers['content-type'] ?? ''), text), retryAfter: res.headers['retry-after'] }),
      );
    });
    req.on('error', reject);
    if (!chunked) return req.end(body);
    for (let i = 0; i < body.length; i += 300) req.write(body.subarray(i, i + 300));
    req.end();
  });
}

interface Running {
  url: string;
  address: string;
  sink: SinkConsumer<Span>;
  metrics: Metrics;
  stop: () => Promise<void>;
}

async function startTarget(t: Target, extra: Record<string, unknown> = {}): Promise<Running> {
  const issues: ConfigIssue[] = [];
  const cfg = t.factory.config.decode(t.config({ max_request_body_size: LIMIT, ...extra }), t.name, issues);
  assert.deepEqual(issues, []);
  const sink = new SinkConsumer<Span>();
  const metrics = new Metrics();
  const rx = t.factory.create(testSettings(t.name, 'receiver', metrics), cfg, { traces: sink });
  await rx.start(NO_HOST);
  const address = t.address(rx);
  return { url: `http://${address}${t.path}`, address, sink, metrics, stop: () => rx.shutdown() };
}

/** Bad bodies, each with the one answer every receiver gives. */
const BAD_BODIES: { name: string; body: () => Buffer; headers?: Record<string, string>; chunked?: boolean; status: number; reason: string }[] = [
  { name: 'bad gzip', body: () => Buffer.from('not gzip'), headers: { 'content-encoding': 'gzip' }, status: 400, reason: 'cannot decompress the gzip body: incorrect header check' },
  {
    name: 'unsupported Content-Encoding',
    body: () => Buffer.from('x'),
    headers: { 'content-encoding': 'br' },
    status: 415,
    reason: 'unsupported Content-Encoding "br" (supported: gzip, deflate, identity)',
  },
  { name: 'oversize, declared', body: () => Buffer.alloc(5 * LIMIT, 0x20), status: 413, reason: `request body exceeds max_request_body_size (${LIMIT} bytes)` },
  { name: 'oversize, streamed', body: () => Buffer.alloc(5 * LIMIT, 0x20), chunked: true, status: 413, reason: `request body exceeds max_request_body_size (${LIMIT} bytes)` },
  {
    name: 'oversize once decompressed',
    body: () => gzipSync(Buffer.alloc(1_000_000, 0x20)),
    headers: { 'content-encoding': 'gzip' },
    status: 413,
    reason: `request body exceeds max_request_body_size (${LIMIT} bytes)`,
  },
];

describe('HTTP receivers answer alike (receiverhelper contract)', () => {
  const running = new Map<string, Running>();
  before(async () => {
    for (const t of TARGETS) running.set(t.name, await startTarget(t));
  });
  after(async () => {
    for (const r of running.values()) await r.stop();
  });

  for (const c of BAD_BODIES) {
    it(`${c.name}: ${c.status} with the same reason from every receiver`, async () => {
      for (const t of TARGETS) {
        const r = running.get(t.name)!;
        const a = await send(r.url, c.body(), { 'content-type': t.type, ...c.headers }, c.chunked);
        assert.deepEqual([a.status, a.reason], [c.status, c.reason], t.name);
        assert.equal((await send(r.url, t.valid(), { 'content-type': t.type })).status, 200, `${t.name} still serves`);
      }
    });
  }

  it('an unsupported Content-Type: 415 naming the type sent and the types taken', async () => {
    for (const t of TARGETS) {
      const a = await send(running.get(t.name)!.url, t.valid(), { 'content-type': t.refusedType });
      assert.equal(a.status, 415, t.name);
      assert.match(a.reason, new RegExp(`^unsupported Content-Type "${t.refusedType}" \\(supported: [^)]*${t.type}[^)]*\\)`), t.name);
    }
  });

  it('a refusing pipeline: 503 with Retry-After in whole seconds; a permanent error: 400; both counted as refused', async () => {
    for (const t of TARGETS) {
      const r = running.get(t.name)!;
      r.sink.failWith = new RefusedError('memory limit reached', 2.5);
      const refused = await send(r.url, t.valid(), { 'content-type': t.type });
      assert.deepEqual([refused.status, refused.retryAfter], [503, '3'], t.name);
      assert.match(refused.reason, /memory limit reached/);
      r.sink.failWith = new PermanentError('schema says no');
      const perm = await send(r.url, t.valid(), { 'content-type': t.type });
      assert.deepEqual([perm.status, perm.retryAfter], [400, undefined], t.name);
      r.sink.failWith = undefined;
      assert.equal(await r.metrics.value('otelcol_receiver_refused_spans_total', { receiver: t.name, transport: 'http' }), 2, t.name);
    }
  });

  it('more items than max_request_items: 413 with the same reason from every receiver, before decoding', async () => {
    for (const t of TARGETS) {
      const r = await startTarget(t, { max_request_items: 8, max_request_body_size: 1_000_000 });
      try {
        assert.equal((await send(r.url, t.spans(5), { 'content-type': t.type })).status, 200, t.name);
        const a = await send(r.url, t.spans(20), { 'content-type': t.type });
        assert.deepEqual([a.status, a.reason], [413, 'request body holds more than max_request_items (8) items'], t.name);
        assert.equal(r.sink.items.length, 5, t.name);
      } finally {
        await r.stop();
      }
    }
  });

  for (const t of TARGETS) {
    it(`${t.name}: a trickling client is cut at read_timeout (±1 s) with 408, and counted`, async () => {
      const r = await startTarget(t, { read_timeout: '1s', max_request_body_size: 2_000_000 });
      try {
        const a = await trickle(r.address, { path: t.path, headers: { 'content-type': t.type }, everyMs: 100 });
        assert.equal(a.status, 408, a.text);
        assert.ok(a.elapsedMs >= 950 && a.elapsedMs <= 2000, `cut after ${a.elapsedMs} ms`);
        assert.equal(await r.metrics.value('otelcol_receiver_connection_errors_total', { receiver: t.name, reason: 'timeout' }), 1);
        assert.equal(r.sink.batches.length, 0);
      } finally {
        await r.stop();
      }
    });
  }
});
