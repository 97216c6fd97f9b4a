import assert from 'node:assert/strict';
import * as http2 from 'node:http2';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import type { Host } from '../../src/component/component';
import { NO_HOST, testSettings } from '../../src/component/testing';
import { PermanentError } from '../../src/consumer/errors';
import { sampleLogs, sampleSpans } from '../../src/otlp/testdata';
import { testPki } from '../../test/helpers/certs';
import { bodiesArriveIntact, decodeValid, deliversOnceAfterOutage, FAST_RETRY, sendsPersistedQueueAfterRestart, startExporter } from '../../test/helpers/exporters';
import { decodeRequest } from '../../test/helpers/sink';
import { GrpcSink } from '../../test/helpers/sink-grpc';
import type { Config } from './config';
import { factory } from './factory';

const decode = (raw: unknown): Config => decodeValid(factory, raw);

const FAST = FAST_RETRY;

describe('otlp_grpc exporter', () => {
  let sink: GrpcSink;
  const running: { shutdown(): Promise<void> }[] = [];
  beforeEach(async () => (sink = await GrpcSink.start()));
  afterEach(async () => {
    for (const r of running.splice(0)) await r.shutdown();
    await sink.close();
  });

  async function start(raw: Record<string, unknown>, host: Host = NO_HOST) {
    const started = await startExporter(factory, { endpoint: sink.endpoint, tls: { insecure: true }, ...raw }, running, host);
    const sent = async (noun: 'spans' | 'log_records') => started.metrics.value(`otelcol_exporter_sent_${noun}_total`);
    return { ...started, sent };
  }

  for (const compression of ['gzip', 'none']) {
    it(`sends spans and logs with compression ${compression}, headers as metadata`, async () => {
      const { ex, sent } = await start({ compression, headers: { 'x-tenant': 'acme', 'X-Upper': 'kept' } });
      await ex.traces!.consume(sampleSpans());
      await ex.logs!.consume(sampleLogs());
      await sink.waitFor((s) => s.spans.length === 2 && s.logs.length === 2);
      assert.equal(sink.metadata(0)['x-tenant'], 'acme');
      assert.equal(sink.metadata(0)['x-upper'], 'kept');
      assert.match(sink.metadata(0)['user-agent'], /^dd-otel-bridge \(/);
      assert.equal(sink.spans[0].name, 'GET /cart');
      assert.equal(sink.logs[0].eventName, 'cart.empty');
      // The exporter counts once it has the answer, which may come just after the sink recorded the call.
      for (let i = 0; i < 200 && (await sent('spans')) + (await sent('log_records')) < 4; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(await sent('spans'), 2);
      assert.equal(await sent('log_records'), 2);
    });
  }

  /**
   * A bare HTTP/2 server, so what is checked is the bytes on the wire, not what a gRPC library
   * makes of them; `answer` writes the n-th response.
   */
  async function rawServer(answer: (stream: http2.ServerHttp2Stream, n: number) => void) {
    const seen: { headers: http2.IncomingHttpHeaders; frame: Buffer }[] = [];
    const server = http2.createServer();
    server.on('stream', (stream, headers) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        seen.push({ headers, frame: Buffer.concat(chunks) });
        answer(stream, seen.length);
      });
    });
    const sessions: http2.ServerHttp2Session[] = [];
    let pings = 0;
    server.on('session', (s) => {
      sessions.push(s);
      s.on('ping', () => pings++);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    running.push({
      shutdown: async () => {
        for (const s of sessions) s.destroy();
        await new Promise<void>((r) => server.close(() => r()));
      },
    });
    return { seen, endpoint: `127.0.0.1:${(server.address() as { port: number }).port}`, pings: () => pings, sessions: () => sessions.length };
  }

  const ok = (stream: http2.ServerHttp2Stream) => {
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    stream.end(Buffer.from([0, 0, 0, 0, 0]));
  };

  it('puts standard gRPC frames on the wire: gzip-flagged messages with grpc-encoding, readable by protobufjs', async () => {
    const raw = await rawServer(ok);
    const { ex } = await start({ endpoint: raw.endpoint, sending_queue: { enabled: false }, headers: { 'x-tenant': 'acme' } });
    await ex.logs!.consume(sampleLogs());
    const [{ headers, frame }] = raw.seen;
    assert.equal(headers[':method'], 'POST');
    assert.equal(headers[':path'], '/opentelemetry.proto.collector.logs.v1.LogsService/Export');
    assert.equal(headers['content-type'], 'application/grpc');
    assert.equal(headers.te, 'trailers');
    assert.equal(headers['grpc-encoding'], 'gzip');
    assert.equal(headers['x-tenant'], 'acme');
    assert.match(String(headers['grpc-timeout']), /^\d+m$/);
    assert.equal(frame[0], 1, 'compressed flag');
    assert.equal(frame.readUInt32BE(1), frame.length - 5);
    const { logs } = decodeRequest('logs', 'proto', gunzipSync(frame.subarray(5)));
    assert.deepEqual(logs.map((l) => l.eventName), ['cart.empty', '']);
  });

  it('reads trailers-only answers and plain HTTP statuses from proxies, and percent-decodes grpc-message', async () => {
    const raw = await rawServer((stream, n) => {
      if (n === 1) return stream.respond({ ':status': 503 }, { endStream: true });
      if (n === 2) return stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '14', 'grpc-message': 'try%20again' }, { endStream: true });
      if (n === 3) return stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '3', 'grpc-message': 'bad%20span%3A%20%E2%9C%97' }, { endStream: true });
      ok(stream);
    });
    const { ex, metrics } = await start({ endpoint: raw.endpoint, retry_on_failure: FAST, sending_queue: { enabled: false } });
    await assert.rejects(ex.traces!.consume(sampleSpans()), (e: Error) => e instanceof PermanentError && e.message === 'gRPC INVALID_ARGUMENT: bad span: ✗');
    assert.equal(raw.seen.length, 3);
    // 503 without grpc-status (UNAVAILABLE) and the trailers-only UNAVAILABLE were both retried.
    assert.equal(await metrics.value('otelcol_exporter_retries_total'), 2);
    await ex.traces!.consume(sampleSpans());
    assert.equal(raw.seen.length, 4);
  });

  it('keepalive pings a quiet connection and keeps using it; without the key nothing is pinged', async () => {
    const quiet = await rawServer(ok);
    const plain = await start({ endpoint: quiet.endpoint, sending_queue: { enabled: false } });
    const raw = await rawServer(ok);
    const pinged = await start({ endpoint: raw.endpoint, sending_queue: { enabled: false }, keepalive: { time: '30ms', timeout: '1s', permit_without_stream: true } });
    await plain.ex.traces!.consume(sampleSpans());
    await pinged.ex.traces!.consume(sampleSpans());
    for (let i = 0; i < 200 && raw.pings() < 3; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(raw.pings() >= 3, `${raw.pings()} pings`);
    await pinged.ex.traces!.consume(sampleSpans());
    assert.deepEqual([raw.seen.length, raw.sessions()], [2, 1]);
    assert.equal(quiet.pings(), 0);
  });

  it('with wait_for_ready, one call waits for the backend to come up instead of failing', async () => {
    const port = sink.port;
    await sink.close();
    const { ex, metrics } = await start({ endpoint: `127.0.0.1:${port}`, wait_for_ready: true, timeout: '10s', retry_on_failure: { enabled: false }, sending_queue: { enabled: false } });
    const sent = ex.traces!.consume(sampleSpans());
    await new Promise((r) => setTimeout(r, 300));
    sink = await GrpcSink.start({ port });
    await sent;
    assert.equal(sink.spans.length, 2);
    assert.equal(await metrics.value('otelcol_exporter_retries_total'), 0);
  });

  it('sends to a unix socket endpoint', async () => {
    await sink.close();
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'otlp-grpc-sock-')), 'otel.sock');
    sink = await GrpcSink.start({ bind: `unix:${file}` });
    const { ex } = await start({ endpoint: `unix://${file}`, sending_queue: { enabled: false } });
    await ex.logs!.consume(sampleLogs());
    assert.equal(sink.logs.length, 2);
  });

  const RETRYABLE = ['CANCELLED', 'DEADLINE_EXCEEDED', 'ABORTED', 'OUT_OF_RANGE', 'UNAVAILABLE', 'DATA_LOSS'] as const;
  for (const name of RETRYABLE) {
    it(`retries ${name}`, async () => {
      sink.respond({ code: grpc.status[name] }, { code: grpc.status[name] });
      const { ex, metrics } = await start({ retry_on_failure: FAST });
      await ex.traces!.consume(sampleSpans());
      await sink.waitFor((s) => s.spans.length === 2);
      assert.equal(sink.count(), 3);
      assert.equal(await metrics.value('otelcol_exporter_retries_total'), 2);
    });
  }

  it('retries a call that passes its deadline (timeout)', async () => {
    sink.respond({ delayMs: 400 });
    const { ex } = await start({ retry_on_failure: FAST, timeout: '100ms' });
    await ex.traces!.consume(sampleSpans());
    await sink.waitFor((s) => s.count() === 2 && s.spans.length === 4);
  });

  it('retries RESOURCE_EXHAUSTED only with a RetryInfo, and waits at least its delay', async () => {
    sink.respond({ code: grpc.status.RESOURCE_EXHAUSTED, retryDelayMs: 1000 });
    const { ex, metrics } = await start({ retry_on_failure: FAST });
    await ex.traces!.consume(sampleSpans());
    await sink.waitFor((s) => s.spans.length === 2, 5000);
    assert.equal(sink.count(), 2);
    const gap = sink.requests[1].at - sink.requests[0].at;
    // Both stamps are the sink's, on arrival; allow the timer's 1 ms granularity.
    assert.ok(gap >= 995, `second try after ${gap}ms`);
    assert.equal(await metrics.value('otelcol_exporter_retries_total'), 1);
  });

  it('honours a RetryInfo on UNAVAILABLE too', async () => {
    sink.respond({ code: grpc.status.UNAVAILABLE, retryDelayMs: 700 });
    const { ex } = await start({ retry_on_failure: FAST });
    await ex.logs!.consume(sampleLogs());
    await sink.waitFor((s) => s.logs.length === 2, 5000);
    assert.ok(sink.requests[1].at - sink.requests[0].at >= 695);
  });

  const PERMANENT = ['RESOURCE_EXHAUSTED', 'INVALID_ARGUMENT', 'UNKNOWN', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED', 'UNAUTHENTICATED', 'FAILED_PRECONDITION', 'UNIMPLEMENTED', 'INTERNAL'] as const;
  for (const name of PERMANENT) {
    it(`drops on ${name}${name === 'RESOURCE_EXHAUSTED' ? ' without RetryInfo' : ''}: not retried, counted, logged with the server's message`, async () => {
      sink.respondAlways({ code: grpc.status[name], message: `backend says ${name.toLowerCase()}` });
      const { ex, metrics, logs } = await start({ retry_on_failure: FAST, sending_queue: { enabled: false } });
      await assert.rejects(ex.traces!.consume(sampleSpans()), PermanentError);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(sink.count(), 1);
      const logged = logs.filter((l) => /dropped/.test(String(l.msg)));
      assert.equal(logged.length, 1);
      assert.equal(logged[0].err, `gRPC ${name}: backend says ${name.toLowerCase()}`);
      assert.equal(await metrics.value('otelcol_exporter_send_failed_spans_total', { permanent: 'true' }), 2);
      assert.equal(await metrics.value('otelcol_exporter_sent_spans_total'), 0);
    });
  }

  it('treats a partial success as success, logs it and does not retry', async () => {
    sink.respond({ partial: { rejected: 1, message: 'one span too old' } });
    const { ex, metrics, logs } = await start({ retry_on_failure: FAST, sending_queue: { enabled: false } });
    await ex.traces!.consume(sampleSpans());
    assert.equal(sink.count(), 1);
    assert.deepEqual(
      logs.filter((l) => l.msg === 'Partial success response').map((l) => [l.rejected, l.message]),
      [[1, 'one span too old']],
    );
    assert.equal(await metrics.value('otelcol_exporter_sent_spans_total'), 2);
  });

  it('sends every body intact while the buffers they are written in are reused, gzipped or not', async () => {
    sink.respondAlways({ delayMs: 5 });
    await bodiesArriveIntact(sink, start, ['gzip', 'none']);
  });

  it('delivers exactly once when the backend is down for a while and then comes up', async () => {
    sink = await deliversOnceAfterOutage(sink, (port) => GrpcSink.start({ port }), (port) => `127.0.0.1:${port}`, start);
  });

  it('keeps the queue on disk when shut down with the backend down, and sends it after a restart', async () => {
    sink = await sendsPersistedQueueAfterRestart(sink, (port) => GrpcSink.start({ port }), (port) => `127.0.0.1:${port}`, start, running);
  });

  describe('TLS', () => {
    const pki = testPki();

    it('verifies the server against ca_file and presents a client certificate when asked (mutual TLS)', async () => {
      await sink.close();
      sink = await GrpcSink.start({ tls: { cert: pki.read(pki.serverCert), key: pki.read(pki.serverKey), clientCa: pki.read(pki.caFile) } });
      const { ex } = await start({ tls: { ca_file: pki.caFile, cert_file: pki.clientCert, key_file: pki.clientKey }, sending_queue: { enabled: false } });
      await ex.traces!.consume(sampleSpans());
      assert.equal(sink.spans.length, 2);
    });

    it('refuses a server its CA did not sign unless insecure_skip_verify, and never falls back to plain text', async () => {
      await sink.close();
      sink = await GrpcSink.start({ tls: { cert: pki.read(pki.serverCert), key: pki.read(pki.serverKey) } });
      const strict = await start({ tls: {}, retry_on_failure: { enabled: false }, sending_queue: { enabled: false } });
      await assert.rejects(strict.ex.traces!.consume(sampleSpans()), /gRPC UNAVAILABLE/);
      const plain = await start({ tls: { insecure: true }, retry_on_failure: { enabled: false }, sending_queue: { enabled: false } });
      await assert.rejects(plain.ex.traces!.consume(sampleSpans()), /gRPC UNAVAILABLE/);
      assert.equal(sink.count(), 0);
      const lax = await start({ tls: { insecure_skip_verify: true }, sending_queue: { enabled: false } });
      await lax.ex.traces!.consume(sampleSpans());
      assert.equal(sink.spans.length, 2);
    });

    it('fails to start naming the tls key when a TLS file cannot be read', async () => {
      const ex = factory.create(testSettings('otlp_grpc', 'exporter'), decode({ endpoint: 'h:4317', tls: { ca_file: '/nonexistent/ca.pem' } }), ['traces']);
      await assert.rejects(ex.start(NO_HOST), /^Error: tls::ca_file: cannot read "\/nonexistent\/ca\.pem": ENOENT/);
      await ex.shutdown();
    });
  });
});
