import assert from 'node:assert/strict';
import type { Host } from '../../src/component/component';
import { NO_HOST, testSettings } from '../../src/component/testing';
import type { ConfigIssue } from '../../src/config/issue';
import { PermanentError, RefusedError } from '../../src/consumer/errors';
import { sampleLogs, sampleSpans } from '../../src/otlp/testdata';
import { bodiesArriveIntact, decodeValid, deliversOnceAfterOutage, FAST_RETRY, sendsPersistedQueueAfterRestart, startExporter } from '../../test/helpers/exporters';
import { decodeRequest, OtlpSink } from '../../test/helpers/sink';
import { encodeSpans } from '../../src/otlp/encode';
import { factory } from './factory';
import { signalUrl, type Config } from './config';
import { INLINE_GZIP_MAX, requestCodec } from '../../src/exporterhelper/request';

const decode = (raw: unknown): Config => decodeValid(factory, raw);
const FAST = FAST_RETRY;

describe('otlp_http exporter', () => {
  let sink: OtlpSink;
  const running: { shutdown(): Promise<void> }[] = [];
  beforeEach(async () => (sink = await OtlpSink.start()));
  afterEach(async () => {
    for (const r of running.splice(0)) await r.shutdown();
    await sink.close();
  });

  const start = (raw: Record<string, unknown>, host: Host = NO_HOST) => startExporter(factory, { endpoint: sink.url, ...raw }, running, host);

  describe('config', () => {
    it('has the Collector defaults', () => {
      const d = decode(undefined);
      assert.equal(d.encoding, 'proto');
      assert.equal(d.compression, 'gzip');
      assert.equal(d.timeout, 30000);
      assert.deepEqual(d.sending_queue, { enabled: true, num_consumers: 10, queue_size: 1000, sizer: 'requests', block_on_overflow: false });
      assert.equal(d.retry_on_failure.initial_interval, 5000);
    });

    it('appends /v1/<signal> to the base endpoint and uses per-signal endpoints verbatim', () => {
      assert.equal(signalUrl(decode({ endpoint: 'https://h:4318/' }), 'traces'), 'https://h:4318/v1/traces');
      assert.equal(signalUrl(decode({ endpoint: 'https://h:4318/base' }), 'logs'), 'https://h:4318/base/v1/logs');
      assert.equal(signalUrl(decode({ endpoint: 'https://h', logs_endpoint: 'https://l/custom' }), 'logs'), 'https://l/custom');
    });

    it('reports bad values with their path', () => {
      const issues: ConfigIssue[] = [];
      factory.config.decode({ encoding: 'protobuf', compression: 'zstd2', endpoint: 'h:1', sending_queue: { queue_size: 0 } }, 'exporters::otlp_http', issues);
      assert.deepEqual(
        issues.map((i) => i.path),
        ['exporters::otlp_http::endpoint', 'exporters::otlp_http::encoding', 'exporters::otlp_http::compression', 'exporters::otlp_http::sending_queue::queue_size'],
      );
    });
  });

  for (const [encoding, compression] of [['proto', 'gzip'], ['json', 'none'], ['proto', 'none'], ['json', 'gzip']]) {
    it(`sends spans and logs as ${encoding} with compression ${compression}`, async () => {
      const { ex, metrics } = await start({ encoding, compression, headers: { 'x-tenant': 'acme' } });
      await ex.traces!.consume(sampleSpans());
      await ex.logs!.consume(sampleLogs());
      await sink.waitFor((s) => s.spans.length === 2 && s.logs.length === 2);
      const r = sink.requests[0];
      assert.equal(r.encoding, encoding);
      assert.equal(r.gzip, compression === 'gzip');
      assert.equal(r.headers['x-tenant'], 'acme');
      assert.match(String(r.headers['user-agent']), /^dd-otel-bridge/);
      assert.equal(sink.spans[0].name, 'GET /cart');
      assert.equal(sink.logs[0].eventName, 'cart.empty');
      // The sink counts on arrival; the exporter counts once it has read the answer.
      for (let i = 0; i < 200 && (await metrics.value('otelcol_exporter_sent_log_records_total')) + (await metrics.value('otelcol_exporter_sent_spans_total')) < 4; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(await metrics.value('otelcol_exporter_sent_spans_total'), 2);
      assert.equal(await metrics.value('otelcol_exporter_sent_log_records_total'), 2);
    });
  }

  it('retries 503 and waits at least the Retry-After the server asked for', async () => {
    sink.respond({ status: 503, retryAfter: '1' });
    const { ex, metrics } = await start({ retry_on_failure: FAST });
    await ex.traces!.consume(sampleSpans());
    await sink.waitFor((s) => s.spans.length === 2, 5000);
    assert.equal(sink.count(), 2);
    const gap = sink.requests[1].at - sink.requests[0].at;
    // Both stamps are taken by the sink on request arrival; allow the timer's 1 ms granularity.
    assert.ok(gap >= 995, `second try after ${gap}ms`);
    assert.equal(await metrics.value('otelcol_exporter_retries_total'), 1);
  });

  for (const status of [429, 502, 504]) {
    it(`retries ${status}`, async () => {
      sink.respond({ status }, { status });
      const { ex } = await start({ retry_on_failure: FAST });
      await ex.logs!.consume(sampleLogs());
      await sink.waitFor((s) => s.logs.length === 2);
      assert.equal(sink.count(), 3);
    });
  }

  it('refuses permanently a batch it cannot encode, so its sender does not retry it forever', async () => {
    const { ex } = await start({ retry_on_failure: FAST });
    const [good] = sampleSpans();
    const broken = { ...good, spanContext: () => { throw new Error('no context'); } };
    await assert.rejects(ex.traces!.consume([broken]), (e) => e instanceof PermanentError && /cannot encode 1 spans: no context/.test(e.message));
    assert.equal(sink.count(), 0);
  });

  it('drops on 400 without retrying, counts it and keeps the server message', async () => {
    sink.respondAlways({ status: 400, message: 'attribute too long' });
    const { ex, metrics, logs } = await start({ retry_on_failure: FAST, sending_queue: { enabled: false } });
    await assert.rejects(ex.traces!.consume(sampleSpans()), PermanentError);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(sink.count(), 1);
    const logged = logs.filter((l) => /dropped/.test(l.msg));
    assert.equal(logged.length, 1);
    assert.match(String(logged[0].err), /HTTP 400: attribute too long/);
    assert.equal(await metrics.value('otelcol_exporter_send_failed_spans_total', { permanent: 'true' }), 2);
    assert.equal(await metrics.value('otelcol_exporter_sent_spans_total'), 0);
  });

  it('treats a partial success as success and does not retry', async () => {
    sink.respond({ status: 200, partial: { rejected: 1, message: 'one span too old' } });
    const { ex, metrics, logs } = await start({ retry_on_failure: FAST, sending_queue: { enabled: false } });
    await ex.traces!.consume(sampleSpans());
    assert.equal(sink.count(), 1);
    assert.deepEqual(
      logs.filter((l) => l.msg === 'Partial success response').map((l) => [(l as any).rejected, (l as any).message]),
      [[1, 'one span too old']],
    );
    assert.equal(await metrics.value('otelcol_exporter_sent_spans_total'), 2);
  });

  it('delivers exactly once when the backend is down for a while and then comes up', async () => {
    sink = await deliversOnceAfterOutage(sink, (port) => OtlpSink.start({ port }), (port) => `http://127.0.0.1:${port}`, start);
  });

  it('refuses (retryably) and counts enqueue_failed when the queue is full', async () => {
    sink.respondAlways({ status: 200, delayMs: 300 });
    const { ex, metrics } = await start({ sending_queue: { queue_size: 2, num_consumers: 1 } });
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => ex.traces!.consume(sampleSpans())));
    const refused = results.filter((r) => r.status === 'rejected');
    assert.ok(refused.length >= 1);
    for (const r of refused) assert.ok((r as PromiseRejectedResult).reason instanceof RefusedError);
    assert.equal(await metrics.value('otelcol_exporter_enqueue_failed_spans_total'), refused.length * 2);
    assert.equal(await metrics.value('otelcol_exporter_queue_capacity', { data_type: 'traces' }), 2);
  });

  it('with the queue disabled, the caller sees a retryable failure after max_elapsed_time', async () => {
    sink.respondAlways({ status: 503 });
    const { ex } = await start({ retry_on_failure: { ...FAST, max_elapsed_time: '150ms' }, sending_queue: { enabled: false } });
    await assert.rejects(ex.logs!.consume(sampleLogs()), (e: Error) => !(e instanceof PermanentError));
    assert.ok(sink.count() >= 2);
  });

  it('keeps the queue on disk when shut down with the backend down, and sends it after a restart', async () => {
    sink = await sendsPersistedQueueAfterRestart(sink, (port) => OtlpSink.start({ port }), (port) => `http://127.0.0.1:${port}`, start, running);
  });

  it('fails to start when the storage extension is missing', async () => {
    const ex = factory.create(testSettings('otlp_http', 'exporter'), decode({ sending_queue: { storage: 'file_storage/nope' } }), ['traces']);
    await assert.rejects(ex.start(NO_HOST), /sending_queue::storage: no storage extension "file_storage\/nope"/);
  });

  it('logs, as well as counts, what an in-memory queue could not send before shutdown', async () => {
    const { ex, metrics, logs } = await start({ endpoint: 'http://127.0.0.1:9', retry_on_failure: { initial_interval: '10s' }, sending_queue: { num_consumers: 1 } });
    const ack = ex.traces!.consume(sampleSpans());
    ack.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100)); // the first attempt fails; the request waits to retry
    await ex.shutdown();
    assert.equal(await metrics.value('otelcol_exporter_send_failed_spans_total'), 2);
    assert.ok(logs.some((l) => /dropped/.test(l.msg)), JSON.stringify(logs));
    await assert.rejects(ack, 'its caller is told the spans were not delivered');
  });

  it('fails to start naming the tls key when a TLS file cannot be read', async () => {
    const ex = factory.create(testSettings('otlp_http', 'exporter'), decode({ tls: { ca_file: '/nonexistent/ca.pem' } }), ['traces']);
    await assert.rejects(ex.start(NO_HOST), /^Error: tls::ca_file: cannot read "\/nonexistent\/ca\.pem": ENOENT/);
    await ex.shutdown();
  });

  it('queues encoded requests with a header that survives a round trip, and rejects foreign bytes', () => {
    const req = { signal: 'logs' as const, encoding: 'json' as const, gzip: true, items: 7, body: Buffer.from('xyz') };
    assert.deepEqual(requestCodec.decode(requestCodec.encode(req)), req);
    assert.throws(() => requestCodec.decode(Buffer.from('garbage!!')), /not a queued export request/);
  });

  it('sends gzip bodies whose content equals the uncompressed serializer output', async () => {
    const { ex } = await start({});
    await ex.traces!.consume(sampleSpans());
    await sink.waitFor((s) => s.spans.length === 2);
    assert.equal(sink.requests[0].gzip, true);
    assert.deepEqual(sink.spans, decodeRequest('traces', 'proto', Buffer.from(encodeSpans(sampleSpans(), 'proto'))).spans);
  });

  it('sends every body intact while the buffers they are written in are reused, gzipped or not', async () => {
    sink.respondAlways({ delayMs: 5 });
    await bodiesArriveIntact(sink, start, ['gzip', 'none']);
  });

  it('compresses a body too large to gzip inline on the thread pool, with the same result', async () => {
    const { ex } = await start({});
    const spans = Array.from({ length: 4000 }, () => sampleSpans()).flat();
    const raw = Buffer.from(encodeSpans(spans, 'proto'));
    assert.ok(raw.length > INLINE_GZIP_MAX, `test batch is ${raw.length} bytes`);
    await ex.traces!.consume(spans);
    await sink.waitFor((s) => s.spans.length === spans.length);
    assert.equal(sink.requests.length, 1);
    assert.equal(sink.requests[0].gzip, true);
    assert.deepEqual(sink.spans, decodeRequest('traces', 'proto', raw).spans);
  });
});
