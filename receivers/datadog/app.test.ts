import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { NO_HOST, testSettings } from '../../src/component/testing';
import type { Span } from '../../src/consumer/consumer';
import { PermanentError, RefusedError } from '../../src/consumer/errors';
import { SinkConsumer } from '../../src/consumer/testing';
import { Metrics } from '../../src/telemetry/metrics';
import { collected } from '../../test/helpers/gc';
import { defaults } from '../../src/config/schema';
import { config } from './config';
import { factory } from './factory';
import type { DatadogReceiver } from './receiver';
import { encodeV05, toMsgpack } from './testing';

const T = 1700000000000000000n;
const trace = (n = 2) => [Array.from({ length: n }, (_, i) => ({ service: 'svc', name: 'op', resource: 'r', trace_id: 77n, span_id: BigInt(i + 1), parent_id: i ? 1n : 0n, start: T, duration: 10 }))];

interface Harness {
  url: string;
  sink: SinkConsumer<Span>;
  metrics: Metrics;
  rx: DatadogReceiver;
}

async function startReceiver(over: Record<string, unknown> = {}): Promise<Harness> {
  const metrics = new Metrics();
  const sink = new SinkConsumer<Span>();
  const cfg = { ...defaults(config), endpoint: '127.0.0.1:0', ...over };
  const rx = factory.create(testSettings('datadog', 'receiver', metrics), cfg, { traces: sink }) as DatadogReceiver;
  await rx.start(NO_HOST);
  return { url: `http://127.0.0.1:${rx.address()!.port}`, sink, metrics, rx };
}

async function send(url: string, body: Buffer | string, headers: Record<string, string> = {}, method = 'PUT') {
  const res = await fetch(url, { method, body, headers: { 'Content-Type': 'application/msgpack', ...headers } });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

describe('datadog receiver: HTTP intake', () => {
  let h: Harness;
  beforeEach(async () => (h = await startReceiver()));
  afterEach(async () => h.rx.shutdown());

  it('accepts v0.4 msgpack by PUT and POST, answers rate_by_service with the agent headers, and counts per endpoint and language', async () => {
    for (const method of ['PUT', 'POST']) {
      const r = await send(`${h.url}/v0.4/traces`, toMsgpack(trace()), { 'Datadog-Meta-Lang': 'nodejs' }, method);
      assert.equal(r.status, 200);
      assert.deepEqual(JSON.parse(r.body), { rate_by_service: { 'service:,env:': 1 } });
      assert.match(r.headers.get('content-type')!, /application\/json/);
      assert.ok(r.headers.get('datadog-agent-version'));
      assert.equal(r.headers.get('datadog-rates-payload-version'), '1');
    }
    assert.equal(h.sink.items.length, 4);
    assert.equal(await h.metrics.value('otelcol_receiver_accepted_spans_total', { endpoint: '/v0.4/traces', client_language: 'nodejs', transport: 'http' }), 4);
    assert.equal(await h.metrics.value('otelcol_receiver_datadog_requests_total', { endpoint: '/v0.4/traces', code: '200' }), 2);
  });

  it('routes as the agent does: any case, a trailing slash, a query; /info to GET and HEAD only', async () => {
    for (const path of ['/V0.4/Traces', '/v0.4/traces/', '/v0.4/traces?x=1']) {
      const r = await send(`${h.url}${path}`, toMsgpack(trace(1)));
      assert.equal(r.status, 200, path);
    }
    assert.equal(h.sink.items.length, 3);
    const info = await fetch(`${h.url}/INFO/`);
    assert.equal(info.status, 200);
    assert.ok(Array.isArray(((await info.json()) as { endpoints?: unknown }).endpoints));
    const head = await fetch(`${h.url}/info`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    const post = await fetch(`${h.url}/info`, { method: 'POST', body: '{}' });
    assert.notEqual(post.status, 200, 'only GET and HEAD read /info');
    assert.equal((await fetch(`${h.url}/v0.4/tracesx`, { method: 'PUT', body: 'x' })).status, 404);
  });

  it('answers v0.3 with OK, and v0.5 with rates', async () => {
    const v03 = await send(`${h.url}/v0.3/traces`, JSON.stringify([[{ name: 'a', trace_id: 1, span_id: 2 }]]), { 'Content-Type': 'application/json' });
    assert.deepEqual([v03.status, v03.body], [200, 'OK\n']);
    const v05 = await send(`${h.url}/v0.5/traces`, encodeV05(trace()));
    assert.equal(v05.status, 200);
    assert.equal(JSON.parse(v05.body).rate_by_service['service:,env:'], 1);
    assert.equal(h.sink.items.length, 3);
  });

  it('echoes a matching Datadog-Rates-Payload-Version with {}, as the agent does', async () => {
    const r = await send(`${h.url}/v0.4/traces`, toMsgpack(trace()), { 'Datadog-Rates-Payload-Version': '1' });
    assert.deepEqual([r.status, r.body, r.headers.get('datadog-rates-payload-version')], [200, '{}', '1']);
  });

  it('case 17: undecodable body → 400 with a one-line reason; [] → OK / rates; empty body → success without spans', async () => {
    const bad = await send(`${h.url}/v0.7/traces`, '{', {}, 'POST');
    assert.equal(bad.status, 400);
    assert.match(bad.body, /^[^\n]+\n$/);
    const empty = await send(`${h.url}/v0.4/traces`, '', {}, 'POST');
    assert.equal(empty.status, 200);
    assert.deepEqual(
      [await send(`${h.url}/v0.3/traces`, '[]', { 'Content-Type': 'application/json' }, 'POST')].map((r) => [r.status, r.body]),
      [[200, 'OK\n']],
    );
    const v04 = await send(`${h.url}/v0.4/traces`, '[]', { 'Content-Type': 'application/json' }, 'POST');
    assert.equal(v04.status, 200);
    assert.ok(JSON.parse(v04.body).rate_by_service);
    assert.equal(h.sink.batches.length, 0);
  });

  it('case 18: a permanent downstream error → 400; a refusal → 503 with Retry-After; all refused spans counted', async () => {
    h.sink.failWith = new PermanentError('schema says no');
    const perm = await send(`${h.url}/v0.4/traces`, toMsgpack(trace()));
    assert.equal(perm.status, 400);
    h.sink.failWith = new RefusedError('memory limit', 7);
    const refused = await send(`${h.url}/v0.4/traces`, toMsgpack(trace()));
    assert.deepEqual([refused.status, refused.headers.get('retry-after')], [503, '7']);
    h.sink.failWith = new Error('exporter queue is full');
    const other = await send(`${h.url}/v0.4/traces`, toMsgpack(trace()));
    assert.deepEqual([other.status, other.headers.get('retry-after')], [503, '1']);
    assert.equal(await h.metrics.value('otelcol_receiver_refused_spans_total'), 6);
    assert.equal(await h.metrics.value('otelcol_receiver_accepted_spans_total'), 0);
  });

  it('answers only after the pipeline accepted the spans', async () => {
    h.sink.delayMs = 150;
    const t0 = Date.now();
    const r = await send(`${h.url}/v0.4/traces`, toMsgpack(trace()));
    assert.equal(r.status, 200);
    assert.ok(Date.now() - t0 >= 140);
    assert.equal(h.sink.items.length, 2);
  });

  it('holds none of the spans while it waits for their export to be accepted', async () => {
    // The handler answers after the export; spans (and the buffer they are written in) kept until
    // then outlived the young generation and waited for a full collection.
    let arrived!: () => void;
    let release!: () => void;
    const handed = new Promise<void>((r) => (arrived = r));
    let ref!: WeakRef<object>;
    const next = {
      consume: (spans: Span[]) => {
        ref = new WeakRef(spans[0]);
        arrived();
        return new Promise<void>((r) => (release = r));
      },
    };
    const rx = factory.create(testSettings('datadog', 'receiver', new Metrics()), { ...defaults(config), endpoint: '127.0.0.1:0' }, { traces: next }) as DatadogReceiver;
    await rx.start(NO_HOST);
    try {
      const answer = send(`http://127.0.0.1:${rx.address()!.port}/v0.4/traces`, toMsgpack(trace()));
      await handed;
      assert.equal(await collected(ref), true, 'a span was still held while its export was pending');
      release();
      assert.equal((await answer).status, 200);
    } finally {
      await rx.shutdown();
    }
  });

  it('case 19: /info lists exactly the trace endpoints and the accepted telemetry and debugger paths, client_drop_p0s false, never /v1.0/traces; Datadog-Agent-State hashes it', async () => {
    const res = await fetch(`${h.url}/info`);
    const text = await res.text();
    const info = JSON.parse(text);
    assert.deepEqual(info.endpoints, [
      '/v0.3/traces', '/v0.4/traces', '/v0.5/traces', '/v0.7/traces',
      '/telemetry/proxy/', '/debugger/v1/input', '/debugger/v1/diagnostics', '/debugger/v2/input',
    ]);
    assert.equal(info.client_drop_p0s, false);
    assert.equal(info.span_events, true);
    assert.equal(info.config.max_request_bytes, 25 * 1024 * 1024);
    assert.equal(res.headers.get('datadog-agent-state'), createHash('sha256').update(text).digest('hex'));
    const trace = await send(`${h.url}/v0.4/traces`, toMsgpack([]));
    assert.equal(trace.headers.get('datadog-agent-state'), res.headers.get('datadog-agent-state'));
  });

  it('case 20: a v0.5 span of 11 elements or an index beyond the table → 400 naming the problem', async () => {
    const eleven = toMsgpack([[''], [[[0, 0, 0, 1n, 2n, 0n, T, 1, 0, new Map(), new Map()]]]]);
    const r = await send(`${h.url}/v0.5/traces`, eleven);
    assert.equal(r.status, 400);
    assert.match(r.body, /encoded span needs exactly 12 elements in array/);
    const outOfRange = toMsgpack([[''], [[[0, 0, 0, 1n, 2n, 0n, T, 1, 0, new Map([[0, 3]]), new Map(), 0]]]]);
    assert.match((await send(`${h.url}/v0.5/traces`, outOfRange)).body, /dictionary index 3 out of range/);
  });

  it('415 for JSON sent to a msgpack-only endpoint and for unknown Content-Encoding; gzip bodies are accepted', async () => {
    assert.equal((await send(`${h.url}/v0.5/traces`, '[]', { 'Content-Type': 'application/json' })).status, 415);
    assert.equal((await send(`${h.url}/v0.4/traces`, toMsgpack(trace()), { 'Content-Encoding': 'br' })).status, 415);
    const gz = await send(`${h.url}/v0.4/traces`, gzipSync(toMsgpack(trace())), { 'Content-Encoding': 'gzip' });
    assert.equal(gz.status, 200);
    assert.equal(h.sink.items.length, 2);
  });

  it('answers the agent paths tracers call besides traces, and counts each', async () => {
    const cases: [string, string, number][] = [
      ['POST', '/v0.7/config', 404],
      ['POST', '/telemetry/proxy/api/v2/apmtelemetry', 202],
      ['PUT', '/v0.6/stats', 200],
      ['POST', '/profiling/v1/input', 404],
      ['POST', '/dogstatsd/v2/proxy', 404],
      ['POST', '/v0.1/pipeline_stats', 404],
      ['PUT', '/v0.4/services', 200],
      ['POST', '/v1.0/traces', 404],
      ['GET', '/no/such/path', 404],
    ];
    for (const [method, path, status] of cases) {
      const res = await fetch(h.url + path, { method, body: method === 'GET' ? undefined : '{"x":1}' });
      await res.text();
      assert.equal(res.status, status, path);
    }
    assert.equal(await h.metrics.value('otelcol_receiver_datadog_requests_total', { endpoint: '/v0.7/config', code: '404' }), 1);
    assert.equal(await h.metrics.value('otelcol_receiver_datadog_requests_total', { endpoint: '/telemetry/proxy', code: '202' }), 1);
    assert.equal(await h.metrics.value('otelcol_receiver_datadog_requests_total', { endpoint: 'other', code: '404' }), 1);
  });
});

describe('datadog receiver: limits and lifecycle', () => {
  it('refuses bodies over max_request_body_size with 413: declared, streamed, and decompressed', async () => {
    const h = await startReceiver({ max_request_body_size: 4000 });
    try {
      const big = toMsgpack(trace(100));
      assert.ok(big.length > 4000);
      assert.equal((await send(`${h.url}/v0.4/traces`, big)).status, 413);
      // Chunked, so only counting while streaming can catch it.
      const streamed = await new Promise<number>((resolve, reject) => {
        const req = request(`${h.url}/v0.4/traces`, { method: 'PUT', headers: { 'Content-Type': 'application/msgpack' } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('error', reject);
        for (let i = 0; i < 20; i++) req.write(Buffer.alloc(300));
        req.end();
      });
      assert.equal(streamed, 413);
      const bomb = gzipSync(Buffer.alloc(1_000_000));
      assert.ok(bomb.length < 4000);
      assert.equal((await send(`${h.url}/v0.4/traces`, bomb, { 'Content-Encoding': 'gzip' })).status, 413);
      assert.equal(await h.metrics.value('otelcol_receiver_datadog_requests_total', { code: '413' }), 3);
      assert.equal((await send(`${h.url}/v0.4/traces`, toMsgpack(trace(1)))).status, 200);
    } finally {
      await h.rx.shutdown();
    }
  });

  it('shuts down safely before start and twice, and names the endpoint when the port is taken', async () => {
    const h = await startReceiver();
    const port = h.rx.address()!.port;
    const cfg = { ...defaults(config), endpoint: `127.0.0.1:${port}` };
    const second = factory.create(testSettings('datadog/2', 'receiver'), cfg, { traces: new SinkConsumer() });
    await second.shutdown();
    const fresh = factory.create(testSettings('datadog/3', 'receiver'), cfg, { traces: new SinkConsumer() });
    await assert.rejects(fresh.start(NO_HOST), new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: the address is already in use$`));
    await fresh.shutdown();
    await h.rx.shutdown();
    await h.rx.shutdown();
  });

  it('rejects bad config with the path, the problem and an example', () => {
    const issues: { path: string; message: string }[] = [];
    config.decode({ endpoint: '8126', max_request_body_size: 0 }, 'receivers::datadog', issues);
    assert.deepEqual(
      issues.map((i) => `${i.path}: ${i.message}`),
      [
        'receivers::datadog::endpoint: must be host:port, got "8126" (for example "127.0.0.1:8126")',
        'receivers::datadog::max_request_body_size: must be an integer >= 1, got 0',
      ],
    );
    assert.deepEqual(defaults(config), { endpoint: '127.0.0.1:8126', transport: 'tcp', socket_mode: 0o722, max_request_body_size: 25 * 1024 * 1024, max_request_items: 0, read_timeout: 60000, backlog: 511 });
  });
});
