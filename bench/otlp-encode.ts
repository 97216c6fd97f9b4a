/**
 * OTLP protobuf encoding alone: our writer (src/otlp/encode-*-proto.ts) against the official
 * ProtobufTraceSerializer / ProtobufLogsSerializer of @opentelemetry/otlp-transformer, on 512-item
 * batches shaped like what the datadog and file_log paths produce. Prints items/s per encoder as
 * the median of several timed runs (alternating encoders), and checks both give the same bytes.
 * Run: npx tsx bench/otlp-encode.ts   (RUNS=9 SECONDS=0.5 to change the sampling)
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { LogRecord, Span } from '../src/consumer/consumer';
import { makeLogRecord, makeSpan } from '../src/data/builders';
import { encodeLogsRequest } from '../src/otlp/encode-logs-proto';
import { encodeTraceRequest } from '../src/otlp/encode-traces-proto';

const BATCH = 512;
const RUNS = Number(process.env.RUNS ?? 7);
const SECONDS = Number(process.env.SECONDS ?? 0.4);

const resource = resourceFromAttributes({
  'service.name': 'orders',
  'service.version': '1.4.2',
  'deployment.environment': 'prod',
  'host.name': 'ip-10-1-2-3',
  'telemetry.sdk.language': 'python',
});

function hex(n: bigint, digits: number): string {
  return n.toString(16).padStart(digits, '0');
}

/** Spans like the datadog receiver makes: 64-bit ids, ~12 string tags and a few numeric metrics. */
function spans(seed: number): Span[] {
  return Array.from({ length: BATCH }, (_, i) => {
    const traceLow = 0x9f3c_0000_0000_0000n + BigInt(seed * 100_000 + Math.floor(i / 10));
    return makeSpan({
      traceId: hex(0x6650_1a2b_0000_0000n, 16) + hex(traceLow, 16),
      spanId: hex(0xa000_0000_0000_0000n + BigInt(seed * 100_000 + i), 16),
      parentSpanId: i % 10 ? hex(0xa000_0000_0000_0000n + BigInt(seed * 100_000 + i - (i % 10)), 16) : undefined,
      name: i % 10 ? 'postgresql.query' : 'flask.request',
      kind: i % 10 ? SpanKind.CLIENT : SpanKind.SERVER,
      startNs: 1_732_406_400_123_456_789n + BigInt(i) * 1_000_017n,
      endNs: 1_732_406_400_123_456_789n + BigInt(i) * 1_000_017n + 734_221n,
      status: i % 50 === 0 ? { code: SpanStatusCode.ERROR, message: 'connection reset' } : undefined,
      attributes: {
        'resource.name': i % 10 ? 'SELECT * FROM orders WHERE id = ?' : 'GET /api/v1/orders/<id>',
        'span.type': i % 10 ? 'sql' : 'web',
        'http.method': 'GET',
        'http.route': '/api/v1/orders/<id>',
        'http.status_code': '200',
        'http.url': `http://orders.internal:8080/api/v1/orders/${1000 + i}`,
        component: i % 10 ? 'psycopg' : 'flask',
        'db.system': 'postgresql',
        'out.host': 'db-primary.internal',
        'runtime-id': '8c2f3a1e4b5d4e6f9a0b1c2d3e4f5a6b',
        '_dd.p.dm': '-0',
        'language': 'python',
        '_dd.measured': 1,
        '_sampling_priority_v1': 1,
        '_dd.agent_psr': 1,
        'process_id': 4242,
      },
      resource,
    });
  });
}

/** Records like file_log + log_pipeline make: a ~200-byte body, a few attributes, trace context. */
function logs(seed: number): LogRecord[] {
  return Array.from({ length: BATCH }, (_, i) =>
    makeLogRecord({
      timeNs: 1_732_406_400_123_000_000n + BigInt(i) * 1_000_000n,
      observedNs: 1_732_406_400_223_456_789n + BigInt(i) * 1_000_017n,
      traceId: i % 3 ? hex(BigInt(seed * 100_000 + i + 1), 32) : undefined,
      spanId: i % 3 ? hex(BigInt(seed * 100_000 + i + 7), 16) : undefined,
      severityText: 'INFO',
      severityNumber: SeverityNumber.INFO,
      body: `2024-11-24 00:00:00,123 INFO [orders.api] [app.py:142] [dd.service=orders dd.env=prod dd.version=1.4.2 dd.trace_id=16108321602917563239 dd.span_id=3014598764451221031] - order ${seed * 1000 + i} shipped to warehouse 7`,
      attributes: { 'log.file.name': 'app.log', 'log.file.path': '/var/log/orders/app.log', logger: 'orders.api', 'code.lineno': 142, 'code.filepath': 'app.py' },
      resource,
    }),
  );
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Items per second for one timed run of about SECONDS, cycling over the prepared batches. */
function run(batches: unknown[][], encode: (b: unknown[]) => Uint8Array): number {
  let n = 0;
  let bytes = 0;
  const t0 = process.hrtime.bigint();
  const limit = BigInt(Math.round(SECONDS * 1e9));
  let dt = 0n;
  do {
    for (const b of batches) {
      bytes += encode(b).length;
      n += b.length;
    }
    dt = process.hrtime.bigint() - t0;
  } while (dt < limit);
  if (bytes === 0) throw new Error('nothing encoded');
  return n / (Number(dt) / 1e9);
}

function compare(what: string, batches: unknown[][], ours: (b: unknown[]) => Uint8Array, official: (b: unknown[]) => Uint8Array): void {
  for (const b of batches) {
    if (!Buffer.from(ours(b)).equals(Buffer.from(official(b)))) throw new Error(`${what}: encoders disagree`);
  }
  const bytesPerItem = ours(batches[0]).length / batches[0].length;
  // Warm both up before timing.
  for (let i = 0; i < 3; i++) {
    run(batches, ours);
    run(batches, official);
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(run(batches, ours));
    b.push(run(batches, official));
  }
  const fmt = (x: number) => Math.round(x).toLocaleString('en').padStart(9);
  console.log(
    `${what.padEnd(6)} ${BATCH}/batch, ${bytesPerItem.toFixed(0)} B/item: ours ${fmt(median(a))}/s (${(1e6 / median(a)).toFixed(2)} µs/item, runs ${fmt(Math.min(...a))}..${fmt(Math.max(...a))}), ` +
      `official ${fmt(median(b))}/s (${(1e6 / median(b)).toFixed(2)} µs/item, runs ${fmt(Math.min(...b))}..${fmt(Math.max(...b))}), ratio ${(median(a) / median(b)).toFixed(2)}x`,
  );
}

function main(): void {
  const spanBatches = [spans(1), spans(2), spans(3), spans(4)];
  const logBatches = [logs(1), logs(2), logs(3), logs(4)];
  console.log(`node ${process.version}, ${RUNS} runs of ${SECONDS} s per encoder; medians`);
  compare('traces', spanBatches, (b) => encodeTraceRequest(b as Span[]), (b) => ProtobufTraceSerializer.serializeRequest(b as Span[])!);
  compare('logs', logBatches, (b) => encodeLogsRequest(b as LogRecord[]), (b) => ProtobufLogsSerializer.serializeRequest(b as LogRecord[])!);
}

main();
