/**
 * OTLP/gRPC through the real CLI: the OTel JS SDK's gRPC exporters into the otlp receiver, the
 * otlp_grpc exporter out to a grpc-js + protobufjs sink, dd-trace through the datadog receiver,
 * and the exporter's faults (UNAVAILABLE, RetryInfo throttling, INVALID_ARGUMENT, kill -9 with a
 * persistent queue, TLS with a CA made for the test). Everything listens on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { testPki } from '../helpers/certs';
import { REPO_ROOT, runCli, startCollector, type RunningCollector } from '../helpers/collector';
import { freePort, killAndRestart, metric, PERSISTENT_QUEUE, spanBody, withFileStorage } from '../helpers/otlp-batches';
import { OtlpSink, type SinkSpan } from '../helpers/sink';
import { GrpcSink } from '../helpers/sink-grpc';
import { startTracedApp, stopTracedApp, type TracedApp } from '../helpers/traced-app';
import { assertRichContent, assertSameRequests, produceWithSdk } from './otlp-sdk';

const FAST_RETRY = `
    retry_on_failure:
      initial_interval: 50ms
      max_interval: 200ms`;

/** The otlp receiver on gRPC (and HTTP) → the otlp_grpc exporter (Collector spelling `otlp`). */
function config(endpoint: string, exporterExtra = '', top = '', receiverExtra = ''): string {
  return `
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:0${receiverExtra}
exporters:
  otlp:
    endpoint: ${endpoint}
    tls:
      insecure: true${exporterExtra}
${top}
service:
  telemetry:
    metrics: { address: "127.0.0.1:0" }
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [otlp]
    logs:
      receivers: [otlp]
      exporters: [otlp]
`;
}

/** The address the CLI's OTLP/gRPC receiver logged. */
function grpcAddress(c: RunningCollector): string {
  const line = c.logs.find((l) => /^OTLP\/gRPC receiver listening/.test(l.msg));
  assert.ok(line?.address, `no OTLP/gRPC listening line; stderr:\n${c.stderr()}`);
  return line.address;
}

/** One traces Export call with raw bytes; resolves to the status code. */
function exportSpans(address: string, body: Buffer): Promise<number> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise((resolve) =>
    client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', (b: Buffer) => b, (b: Buffer) => b, body, new grpc.Metadata(), { deadline: Date.now() + 10000 }, (err) => {
      client.close();
      resolve(err ? err.code : grpc.status.OK);
    }),
  );
}

// The old spelling `otlp` names the component by its canonical id.
const sentSpans = /otelcol_exporter_sent_spans_total\{exporter="otlp_grpc"\} (\d+)/;

describe('OTLP/gRPC through the real CLI', function () {
  this.timeout(60000);
  let sink: GrpcSink | undefined;
  let httpSink: OtlpSink | undefined;
  let collector: RunningCollector | undefined;
  afterEach(async () => {
    if (collector) await collector.stop('SIGKILL');
    collector = undefined;
    await sink?.close();
    await httpSink?.close();
    sink = httpSink = undefined;
  });

  it('validate accepts a stock Collector config with the otlp receiver and exporter unchanged', async () => {
    const file = path.join(REPO_ROOT, 'test/fixtures/collector/stock-otlp.yaml');
    const r = await runCli(['validate', '--config', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /exporters::otlp: "otlp" is a deprecated spelling; use "otlp_grpc"/);
    assert.doesNotMatch(r.stderr + r.stdout, /Bearer|tenant-a/, 'header values are not printed');
  });

  it('round trips: SDK gRPC exporters → otlp (gRPC) → otlp (gRPC) and otlp_http → sinks keep every field', async () => {
    sink = await GrpcSink.start();
    httpSink = await OtlpSink.start();
    const cfg = config(sink.endpoint)
      .replace('exporters:\n', `exporters:\n  otlp_http:\n    endpoint: ${httpSink.url}\n`)
      .replace(/exporters: \[otlp\]/g, 'exporters: [otlp, otlp_http]');
    collector = await startCollector(cfg);
    // A stock block's old spelling is accepted and named.
    assert.ok(collector.logs.some((l) => l.warning === 'exporters::otlp: "otlp" is a deprecated spelling; use "otlp_grpc"'), collector.stderr());
    await produceWithSdk([{ grpc: `http://${grpcAddress(collector)}` }, `${httpSink.url}/direct`], 3);
    await sink.waitFor((s) => s.spans.length === 9 && s.logs.length === 9);
    await httpSink.waitFor((s) => s.spans.length === 18 && s.logs.length === 18);
    const direct = httpSink.requests.filter((r) => r.path.startsWith('/direct'));
    // otlp (gRPC) → otlp_http: what the SDK sent over gRPC arrives over HTTP unchanged.
    assertSameRequests(direct, httpSink.requests.filter((r) => !r.path.startsWith('/direct')), 9, 9);
    // otlp (gRPC) → otlp (gRPC), read by protobufjs on the far side.
    assertSameRequests(direct, sink.requests, 9, 9);
    assertRichContent(sink);
    assert.equal(await metric(collector, /otelcol_receiver_accepted_spans_total\{receiver="otlp",transport="grpc"\} (\d+)/), 9);
    assert.equal(await collector.stop('SIGTERM'), 0);
    collector = undefined;
  });

  it('round trip: dd-trace → datadog → otlp (gRPC) carries exactly what otlp_http carries', async () => {
    sink = await GrpcSink.start();
    httpSink = await OtlpSink.start();
    collector = await startCollector(`
receivers:
  datadog:
    endpoint: 127.0.0.1:0
processors:
  batch:
    timeout: 20ms
exporters:
  otlp_grpc:
    endpoint: ${sink.endpoint}
    tls: { insecure: true }
  otlp_http:
    endpoint: ${httpSink.url}
service:
  pipelines:
    traces:
      receivers: [datadog]
      processors: [batch]
      exporters: [otlp_grpc, otlp_http]
`);
    let app: TracedApp<{ spanId: string }> | undefined;
    try {
      app = await startTracedApp(path.join(REPO_ROOT, 'test/fixtures/datadog/traced-app.js'), {
        DD_SERVICE: 'grpc-roundtrip',
        DD_ENV: 'e2e',
        DD_TRACE_AGENT_URL: `http://${collector.address('datadog')}`,
        DOWNSTREAM_URL: '',
      });
      assert.equal((await fetch(`${app.url}/boom`)).status, 500);
      const recorded = app.spans;
      await sink.waitFor((s) => recorded.length > 0 && recorded.every((r) => s.spans.some((x) => x.spanId === r.spanId)), 20000, 'every recorded span');
      await httpSink.waitFor((s) => s.spans.length === sink!.spans.length, 10000);
    } finally {
      await stopTracedApp(app);
    }
    const byId = (a: SinkSpan, b: SinkSpan) => (a.spanId < b.spanId ? -1 : 1);
    const viaGrpc = [...sink.spans].sort(byId);
    assert.equal(new Set(viaGrpc.map((s) => s.spanId)).size, viaGrpc.length, 'no duplicates');
    assert.deepEqual(viaGrpc, [...httpSink.spans].sort(byId));
    const boom = viaGrpc.find((s) => s.attributes['http.route'] === '/boom')!;
    assert.equal(boom.status.message, 'kaboom');
    assert.equal(boom.resource.attributes['service.name'], 'grpc-roundtrip');
  });

  it('UNAVAILABLE, then recovery: every span delivered exactly once', async () => {
    sink = await GrpcSink.start();
    sink.respond(...Array.from({ length: 6 }, () => ({ code: grpc.status.UNAVAILABLE })));
    collector = await startCollector(config(sink.endpoint, FAST_RETRY));
    const address = grpcAddress(collector);
    for (let b = 1; b <= 20; b++) assert.equal(await exportSpans(address, spanBody(b)), grpc.status.OK);
    await sink.waitFor((s) => s.spans.length >= 200, 15000);
    await new Promise((r) => setTimeout(r, 300));
    const ids = sink.spans.map((s) => s.spanId);
    assert.equal(ids.length, 200);
    assert.equal(new Set(ids).size, 200);
    assert.equal(sink.count(500), 6);
    assert.equal(await metric(collector, sentSpans), 200);
  });

  it('RESOURCE_EXHAUSTED with a 2 s RetryInfo: the retry waits at least 2 s', async () => {
    sink = await GrpcSink.start();
    sink.respond({ code: grpc.status.RESOURCE_EXHAUSTED, message: 'over quota', retryDelayMs: 2000 });
    collector = await startCollector(config(sink.endpoint, FAST_RETRY));
    assert.equal(await exportSpans(grpcAddress(collector), spanBody(1)), grpc.status.OK);
    await sink.waitFor((s) => s.spans.length === 10, 10000);
    assert.equal(sink.count(), 2);
    const gap = sink.requests[1].at - sink.requests[0].at;
    // A lower bound only (both stamps are the sink's, on arrival; the timer has 1 ms granularity).
    assert.ok(gap >= 1995, `retried after ${gap} ms`);
  });

  it('INVALID_ARGUMENT → dropped, counted and logged with the status message, never retried', async () => {
    sink = await GrpcSink.start();
    sink.respondAlways({ code: grpc.status.INVALID_ARGUMENT, message: 'span name too long' });
    collector = await startCollector(config(sink.endpoint, FAST_RETRY));
    // The sender waits for the export (in-memory queue): a permanent refusal reaches it as INTERNAL,
    // as the Collector's otlpreceiver answers a permanent error.
    assert.equal(await exportSpans(grpcAddress(collector), spanBody(1)), grpc.status.INTERNAL);
    await sink.waitFor((s) => s.count() === 1);
    await collector.waitForLog((l) => /dropped/.test(l.msg));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(sink.count(), 1);
    assert.equal(await metric(collector, /otelcol_exporter_send_failed_spans_total\{exporter="otlp_grpc",permanent="true"\} (\d+)/), 10);
    assert.match(collector.stderr(), /gRPC INVALID_ARGUMENT: span name too long/);
  });

  it('kill -9 with a persistent queue and the backend down, restart, backend up → nothing lost', async () => {
    const port = await freePort();
    const cfg = withFileStorage(config(`127.0.0.1:${port}`, FAST_RETRY + PERSISTENT_QUEUE));
    collector = await startCollector(cfg);
    const address = grpcAddress(collector);
    for (let b = 1; b <= 15; b++) assert.equal(await exportSpans(address, spanBody(b)), grpc.status.OK);
    ({ collector, sink } = await killAndRestart(collector, cfg, () => GrpcSink.start({ port }), 150));
  });

  it('TLS both ways with a CA made for the test: SDK → receiver (TLS) → exporter (mutual TLS) → sink', async () => {
    const pki = testPki();
    sink = await GrpcSink.start({ tls: { cert: pki.read(pki.serverCert), key: pki.read(pki.serverKey), clientCa: pki.read(pki.caFile) } });
    const exporterTls = `
    tls:
      ca_file: ${JSON.stringify(pki.caFile)}
      cert_file: ${JSON.stringify(pki.clientCert)}
      key_file: ${JSON.stringify(pki.clientKey)}`;
    const receiverTls = `
        tls:
          cert_file: ${JSON.stringify(pki.serverCert)}
          key_file: ${JSON.stringify(pki.serverKey)}`;
    collector = await startCollector(config(`localhost:${sink.port}`, '', '', receiverTls).replace(/\n    tls:\n      insecure: true/, exporterTls));
    const credentials = grpc.credentials.createSsl(pki.read(pki.caFile));
    const port = grpcAddress(collector).split(':').pop();
    await produceWithSdk([{ grpc: `https://localhost:${port}`, credentials }], 1);
    await sink.waitFor((s) => s.spans.length === 3 && s.logs.length === 3);
    // Plain text is refused by the receiver: nothing more arrives.
    assert.notEqual(await exportSpans(grpcAddress(collector), spanBody(1)), grpc.status.OK);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(sink.spans.length, 3);
  });

  it('header values (gRPC metadata) appear nowhere in the logs, through debug retries and the drop', async () => {
    const secret = 'GRPCHEADERSECRET42';
    const port = await freePort();
    collector = await startCollector(
      config(`127.0.0.1:${port}`, `
    headers:
      authorization: Bearer ${secret}
    retry_on_failure: { initial_interval: 20ms, max_interval: 40ms, max_elapsed_time: 300ms, randomization_factor: 0 }`).replace('    metrics:', '    logs: { level: debug }\n    metrics:'),
    );
    const c = collector;
    // Retries run out while the sender waits for the export: it is told to retry later.
    assert.equal(await exportSpans(grpcAddress(collector), spanBody(1)), grpc.status.UNAVAILABLE);
    await collector.waitForLog((l) => /no more retries left/.test(l.msg));
    assert.equal(await collector.stop(), 0);
    collector = undefined;
    assert.ok(c.logs.filter((l) => l.msg === 'Export failed; will retry').length >= 2, 'retries were logged');
    assert.ok(!(c.stderr() + c.stdout()).includes(secret), c.stderr());
  });
});
