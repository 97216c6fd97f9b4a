/**
 * otlp_http exporter benchmark: encode + gzip + send throughput for 512-item batches to a local
 * backend running in a child process (so only the exporter's CPU is counted here), reported as
 * items/s and items per CPU-second (process.cpuUsage), and the RSS of a full queue of 1000 batches.
 * Run: npx tsx bench/otlp.ts
 */
import { spawn } from 'node:child_process';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SpanKind } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { NO_HOST, testSettings } from '../src/component/testing';
import type { LogRecord, Span } from '../src/consumer/consumer';
import { makeLogRecord, makeSpan } from '../src/data/builders';
import { Metrics } from '../src/telemetry/metrics';
import { factory } from '../exporters/otlp_http/factory';

const BATCH = 512;
const resource = resourceFromAttributes({ 'service.name': 'bench', 'host.name': 'bench-host', 'deployment.environment': 'prod' });

function spans(seed: number): Span[] {
  return Array.from({ length: BATCH }, (_, i) =>
    makeSpan({
      traceId: (seed * BATCH + i + 1).toString(16).padStart(32, '0'),
      spanId: (i + 1).toString(16).padStart(16, '0'),
      parentSpanId: i > 0 ? '0000000000000001' : undefined,
      name: 'GET /api/v1/orders/{id}',
      kind: SpanKind.SERVER,
      startNs: 1_700_000_000_000_000_000n + BigInt(i) * 1000n,
      endNs: 1_700_000_000_000_500_000n + BigInt(i) * 1000n,
      attributes: {
        'http.method': 'GET', 'http.route': '/api/v1/orders/{id}', 'http.status_code': 200, 'net.peer.ip': '10.1.2.3',
        'datadog.trace.id': '16108321602917563239', 'datadog.span.id': '3014598764451221031', 'span.type': 'web', '_dd.measured': 1,
      },
      resource,
    }),
  );
}

function logs(): LogRecord[] {
  return Array.from({ length: BATCH }, (_, i) =>
    makeLogRecord({
      timeNs: 1_700_000_000_000_000_000n + BigInt(i),
      observedNs: 1_700_000_000_000_000_500n + BigInt(i),
      traceId: (i + 1).toString(16).padStart(32, '0'),
      spanId: (i + 1).toString(16).padStart(16, '0'),
      severityText: 'INFO',
      severityNumber: SeverityNumber.INFO,
      body: `2024-04-05 12:00:00,123 INFO [app] [dd.trace_id=16108321602917563239 dd.span_id=3014598764451221031] order ${i} shipped to warehouse 7`,
      attributes: { 'log.file.name': 'app.log', logger: 'app.orders', 'code.lineno': 42 },
      resource,
    }),
  );
}

/** A do-nothing OTLP backend in a child process: reads each body and answers 200. */
function startBackend(): Promise<{ url: string; stop(): void }> {
  const code = `require('http').createServer((q,s)=>{q.resume();q.on('end',()=>{s.writeHead(200,{'content-type':'application/x-protobuf'});s.end()})}).listen(0,'127.0.0.1',function(){console.log(this.address().port)})`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) =>
    child.stdout!.once('data', (d) => resolve({ url: `http://127.0.0.1:${String(d).trim()}`, stop: () => child.kill() })),
  );
}

async function throughput(signal: 'traces' | 'logs', url: string, compression: string, batches: number) {
  const metrics = new Metrics();
  const ex = factory.create(testSettings('otlp_http', 'exporter', metrics), factory.config.decode({ endpoint: url, compression }, 'otlp_http', [])!, [signal]);
  await ex.start(NO_HOST);
  const data = signal === 'traces' ? spans(1) : logs();
  const consumer = (signal === 'traces' ? ex.traces : ex.logs) as { consume(b: unknown[]): Promise<void> };
  const name = signal === 'traces' ? 'otelcol_exporter_sent_spans_total' : 'otelcol_exporter_sent_log_records_total';
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < batches; i++) {
    // Respect the queue: wait for room rather than count refusals.
    for (;;) {
      try {
        await consumer.consume(data);
        break;
      } catch {
        await new Promise((r) => setImmediate(r));
      }
    }
  }
  while ((await metrics.value(name)) < batches * BATCH) await new Promise((r) => setTimeout(r, 2));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  await ex.shutdown();
  const items = batches * BATCH;
  console.log(
    `${signal.padEnd(6)} ${compression.padEnd(4)} ${items} items in ${secs.toFixed(2)} s: ${Math.round(items / secs).toLocaleString('en')} items/s wall, ` +
      `${Math.round(items / cpuSecs).toLocaleString('en')} items per CPU-second (CPU ${cpuSecs.toFixed(2)} s)`,
  );
}

function gc(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

async function fullQueueRss(): Promise<void> {
  const metrics = new Metrics();
  const ex = factory.create(
    testSettings('otlp_http', 'exporter', metrics),
    // An unreachable backend and retries that never give up keep every batch queued.
    factory.config.decode(
      { endpoint: 'http://127.0.0.1:9', retry_on_failure: { initial_interval: '1h', max_elapsed_time: 0 }, sending_queue: { queue_size: 1000 } },
      'otlp_http',
      [],
    )!,
    ['traces'],
  );
  await ex.start(NO_HOST);
  gc();
  const before = process.memoryUsage();
  // An in-memory queue answers a consume once its batch is delivered (end-to-end acks), which never
  // happens here: the batches are offered without waiting for that, and counted in by the queue's
  // gauge. Distinct ids per batch, each dropped once encoded: only the queue keeps anything.
  const answers: Promise<unknown>[] = [];
  for (let i = 0; i < 1000; i++) {
    answers.push(ex.traces!.consume(spans(i)).catch((err: unknown) => err));
    await new Promise((r) => setImmediate(r));
  }
  let queued = -1;
  for (let same = 0; same < 5; ) {
    await new Promise((r) => setTimeout(r, 20));
    const now = await metrics.value('otelcol_exporter_queue_size');
    same = now === queued && now > 0 ? same + 1 : 0;
    queued = now;
  }
  gc();
  const after = process.memoryUsage();
  const mib = (n: number) => (n / 1048576).toFixed(1);
  console.log(
    `full queue: ${queued} batches × ${BATCH} spans (gzip proto) → RSS ${mib(after.rss)} MiB (+${mib(after.rss - before.rss)} MiB), ` +
      `heap +${mib(after.heapUsed - before.heapUsed)} MiB, external+arrayBuffers +${mib(after.external + after.arrayBuffers - before.external - before.arrayBuffers)} MiB`,
  );
  await ex.shutdown();
  // Shutting down refuses what could not be sent: every consume has its answer.
  await Promise.all(answers);
}

async function main(): Promise<void> {
  // First, in a fresh heap, so earlier runs' garbage does not blur the figure.
  await fullQueueRss();
  const backend = await startBackend();
  try {
    await throughput('traces', backend.url, 'gzip', 40); // warm-up
    for (const c of ['gzip', 'none']) {
      await throughput('traces', backend.url, c, 400);
      await throughput('logs', backend.url, c, 400);
    }
  } finally {
    backend.stop();
  }
  process.exit(0);
}

void main();
