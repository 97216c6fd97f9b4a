/**
 * Measures the two figures the default `max_request_items` is derived from (see
 * src/receiverhelper/limits.ts): heap bytes per decoded item for the cheapest item each intake
 * takes, and heap bytes per wire byte for realistic bodies. Not a test: prints the figures.
 *
 *   npx tsx --expose-gc test/hostile/item-memory.ts
 */

import { makeLogRecord } from '../../src/data/builders';
import { ResourceCache } from '../../src/data/resource';
import { decodeLogRecords, decodeSpans } from '../../src/otlp/decode';
import { encodeLogs, encodeSpans } from '../../src/otlp/encode';
import { decodeTraces } from '../../receivers/datadog/decode';
import { translatePayload } from '../../receivers/datadog/translate';
import { traceBody } from '../../bench/lib/trace-corpus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ddV04Tiny, otlpProtoLogsTiny, otlpProtoSpansWithIds } from './bodies';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

/** Heap bytes still held by what `make` returns, per unit. */
function heapPer(units: number, make: () => unknown): number {
  gc!();
  gc!();
  const before = process.memoryUsage().heapUsed;
  const kept = make();
  gc!();
  gc!();
  const after = process.memoryUsage().heapUsed;
  void kept;
  return (after - before) / units;
}

const cache = new ResourceCache();
const N = 200_000;

// The cheapest items: an empty span map (one msgpack byte), an empty log record (two protobuf bytes),
// a span with just its two ids (the least an OTLP span can be and still decode).
const ddTiny = ddV04Tiny(N);
const otlpSpanTiny = otlpProtoSpansWithIds(N);
const otlpLogTiny = otlpProtoLogsTiny(N);

const perItem = {
  'datadog v0.4 empty span (1 byte)': heapPer(N, () => {
    const p = decodeTraces('v0.4', 'msgpack', ddTiny);
    return [p, translatePayload(p, { language: 'go' }, cache)];
  }),
  'otlp span with ids only (28 bytes)': heapPer(N, () => decodeSpans(otlpSpanTiny, 'proto')),
  'otlp empty log record (2 bytes)': heapPer(N, () => decodeLogRecords(otlpLogTiny, 'proto')),
};

// Realistic bodies: the benchmark corpus (~500 wire bytes per span), the same spans as OTLP, and
// log records of a ~200-byte line with a few attributes.
const ddBodies = Array.from({ length: 50 }, (_, i) => traceBody(7000 + i));
const ddBytes = ddBodies.reduce((n, b) => n + b.length, 0);
const ddSpans = ddBodies.map((b) => translatePayload(decodeTraces('v0.4', 'msgpack', b), { language: 'nodejs' }, cache).spans);
const otlpBodies = ddSpans.map((spans) => Buffer.from(encodeSpans(spans, 'proto')));
const otlpBytes = otlpBodies.reduce((n, b) => n + b.length, 0);
const resource = resourceFromAttributes({ 'service.name': 'checkout', 'host.name': 'web-1' });
const logBodies = Array.from({ length: 50 }, (_, i) =>
  Buffer.from(
    encodeLogs(
      Array.from({ length: 200 }, (_, j) =>
        makeLogRecord({
          timeNs: 1_700_000_000_000_000_000n + BigInt(i * 1000 + j),
          observedNs: 1_700_000_000_000_000_000n + BigInt(i * 1000 + j),
          severityText: "INFO",
          traceId: "0af7651916cd43dd8448eb211c80319c",
          spanId: "b7ad6b7169203331",
          body: `2024-01-0${1 + (j % 9)} 12:00:00.123 INFO [main] c.e.Checkout - order ${i * 1000 + j} placed for customer ${j * 7919} (items=3)`,
          attributes: { 'log.file.name': 'app.log', 'dd.trace_id': String(BigInt(i) * 1000003n + BigInt(j)), 'dd.span_id': String(j * 31337) },
          resource,
        }),
      ),
      'proto',
    ),
  ),
);
const logBytes = logBodies.reduce((n, b) => n + b.length, 0);

const perWireByte = {
  'datadog v0.4 corpus': heapPer(ddBytes, () => ddBodies.map((b) => {
    const p = decodeTraces('v0.4', 'msgpack', b);
    return [p, translatePayload(p, { language: 'nodejs' }, cache)];
  })),
  'otlp proto spans (same spans)': heapPer(otlpBytes, () => otlpBodies.map((b) => decodeSpans(b, 'proto'))),
  'otlp proto log records': heapPer(logBytes, () => logBodies.map((b) => decodeLogRecords(b, 'proto'))),
};

console.log(`node ${process.version}`);
console.log('heap bytes per item, cheapest items:');
for (const [k, v] of Object.entries(perItem)) console.log(`  ${k.padEnd(40)} ${v.toFixed(0)}`);
console.log('heap bytes per wire byte, realistic bodies:');
for (const [k, v] of Object.entries(perWireByte)) console.log(`  ${k.padEnd(40)} ${v.toFixed(2)}  (${(ddBytes / (50 * 200)).toFixed(0)} / ${(otlpBytes / (50 * 200)).toFixed(0)} / ${(logBytes / (50 * 200)).toFixed(0)} wire bytes per dd span / otlp span / log record)`);

