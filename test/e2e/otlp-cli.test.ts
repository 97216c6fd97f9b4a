/**
 * OTLP through the real CLI: round trip from the OTel SDK, and the exporter's fault behaviour
 * (outage, Retry-After, permanent errors, backpressure, kill -9 with a persistent queue)
 * against the protobufjs test sink. Everything listens on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import { startCollector, type RunningCollector } from '../helpers/collector';
import { freePort, killAndRestart, metric, PERSISTENT_QUEUE, spanBody, withFileStorage } from '../helpers/otlp-batches';
import { OtlpSink } from '../helpers/sink';
import { assertRichContent, assertSameContent, produceWithSdk } from './otlp-sdk';

const FAST_RETRY = `
    retry_on_failure:
      initial_interval: 50ms
      max_interval: 200ms`;

function config(endpoint: string, exporterExtra = '', top = ''): string {
  return `
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:0
exporters:
  otlp_http:
    endpoint: ${endpoint}${exporterExtra}
${top}
service:
  telemetry:
    metrics: { address: "127.0.0.1:0" }
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [otlp_http]
    logs:
      receivers: [otlp]
      exporters: [otlp_http]
`;
}

function post(url: string, body: Buffer): Promise<{ status: number; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'] as string | undefined }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

describe('OTLP through the real CLI', function () {
  this.timeout(60000);
  let sink: OtlpSink | undefined;
  let collector: RunningCollector | undefined;
  afterEach(async () => {
    if (collector) await collector.stop('SIGKILL');
    collector = undefined;
    await sink?.close();
    sink = undefined;
  });

  it('round trip: SDK → otlp → otlp_http → sink keeps every field', async () => {
    sink = await OtlpSink.start();
    collector = await startCollector(config(sink.url));
    const via = `http://${collector.address('otlp')}`;
    await produceWithSdk([via, `${sink.url}/direct`], 3);
    await sink.waitFor((s) => s.spans.length === 18 && s.logs.length === 18);
    assertSameContent(sink, 9, 9);
    assertRichContent(sink);
    assert.equal(await collector.stop('SIGTERM'), 0);
    collector = undefined;
  });

  it('backend down for a while, then up: every item delivered exactly once', async () => {
    const port = await freePort();
    collector = await startCollector(config(`http://127.0.0.1:${port}`, FAST_RETRY));
    const url = `http://${collector.address('otlp')}/v1/traces`;
    // The queue is in memory, so each sender is answered once its spans were delivered.
    const answers = Array.from({ length: 20 }, (_, b) => post(url, spanBody(b + 1)));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(sink, undefined);
    sink = await OtlpSink.start({ port });
    for (const a of await Promise.all(answers)) assert.equal(a.status, 200);
    assert.equal(sink.spans.length, 200, 'every sender was answered only after its spans arrived');
    await new Promise((r) => setTimeout(r, 300));
    const ids = sink.spans.map((s) => s.spanId);
    assert.equal(ids.length, 200);
    assert.equal(new Set(ids).size, 200);
    assert.equal(await metric(collector, /otelcol_exporter_sent_spans_total\{exporter="otlp_http"\} (\d+)/), 200);
  });

  it('503 with Retry-After: 2 → the next try waits at least 2 s', async () => {
    sink = await OtlpSink.start();
    sink.respond({ status: 503, retryAfter: '2' });
    collector = await startCollector(config(sink.url, FAST_RETRY));
    assert.equal((await post(`http://${collector.address('otlp')}/v1/traces`, spanBody(1))).status, 200);
    await sink.waitFor((s) => s.spans.length === 10, 10000);
    assert.equal(sink.count(), 2);
    const gap = sink.requests[1].at - sink.requests[0].at;
    assert.ok(gap >= 1995, `retried after ${gap} ms (timer granularity allowed)`);
  });

  it('400 → dropped and counted, never retried', async () => {
    sink = await OtlpSink.start();
    sink.respondAlways({ status: 400, message: 'span name too long' });
    collector = await startCollector(config(sink.url, FAST_RETRY));
    // The sender waits for the delivery (queue in memory), so the backend's refusal reaches it.
    assert.equal((await post(`http://${collector.address('otlp')}/v1/traces`, spanBody(1))).status, 400);
    await sink.waitFor((s) => s.count() === 1);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(sink.count(), 1);
    assert.equal(await metric(collector, /otelcol_exporter_send_failed_spans_total\{exporter="otlp_http",permanent="true"\} (\d+)/), 10);
    assert.match(collector.stderr(), /span name too long/);
  });

  it('slow backend + small queue + block_on_overflow → receivers answer 503 + Retry-After, memory stays bounded', async () => {
    sink = await OtlpSink.start();
    sink.respondAlways({ status: 200, delayMs: 200 });
    collector = await startCollector(
      config(sink.url, `${FAST_RETRY}
    timeout: 300ms
    sending_queue:
      queue_size: 4
      num_consumers: 1
      block_on_overflow: true`),
    );
    const url = `http://${collector.address('otlp')}/v1/traces`;
    const statuses: { status: number; retryAfter?: string; batch: number }[] = [];
    let maxRss = 0;
    const sampler = setInterval(() => (maxRss = Math.max(maxRss, rssBytes(collector!.pid))), 50);
    try {
      for (let wave = 0; wave < 8; wave++) {
        const batches = Array.from({ length: 25 }, (_, i) => wave * 25 + i + 1);
        statuses.push(...(await Promise.all(batches.map(async (batch) => ({ ...(await post(url, spanBody(batch, 100))), batch })))));
      }
    } finally {
      clearInterval(sampler);
    }
    const refused = statuses.filter((s) => s.status === 503);
    assert.ok(refused.length > 0, 'some requests were refused');
    assert.ok(refused.every((s) => s.retryAfter === '1'));
    assert.ok(statuses.every((s) => s.status === 200 || s.status === 503));
    assert.ok(maxRss > 0 && maxRss < 400 * 1024 * 1024, `RSS peaked at ${Math.round(maxRss / 1048576)} MiB`);
    assert.ok((await metric(collector, /otelcol_exporter_enqueue_failed_spans_total\{exporter="otlp_http"\} (\d+)/)) > 0);
    // What was accepted was delivered before it was answered, and what was refused never was (a
    // send that outlived the 300 ms timeout may have been delivered twice: count distinct spans).
    const accepted = new Set(statuses.filter((s) => s.status === 200).map((s) => s.batch));
    const delivered = new Set(sink.spans.map((s) => Number.parseInt(s.spanId, 16) >> 12));
    assert.deepEqual([...delivered].sort((a, b) => a - b), [...accepted].sort((a, b) => a - b));
    assert.equal(new Set(sink.spans.map((s) => s.spanId)).size, accepted.size * 100);
  });

  it('kill -9 with a persistent queue and the backend down, restart, backend up → nothing lost', async () => {
    const port = await freePort();
    const cfg = withFileStorage(config(`http://127.0.0.1:${port}`, FAST_RETRY + PERSISTENT_QUEUE));
    collector = await startCollector(cfg);
    const url = `http://${collector.address('otlp')}/v1/traces`;
    for (let b = 1; b <= 15; b++) assert.equal((await post(url, spanBody(b))).status, 200);
    ({ collector, sink } = await killAndRestart(collector, cfg, () => OtlpSink.start({ port }), 150));
  });
});
