/**
 * Telemetry from the real OpenTelemetry JS SDK, exported by its own OTLP/HTTP or OTLP/gRPC
 * exporters, for the round-trip tests: spans and logs that use every field (all attribute types, events, links,
 * status, resource, scope with version, severity, bodies of every kind, exact ns times).
 */
import assert from 'node:assert/strict';
import { context, trace, SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import type { ChannelCredentials } from '@grpc/grpc-js';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { OtlpSink, SinkLog, SinkRequest, SinkSpan } from '../helpers/sink';

export const SDK_ATTRS = {
  'a.string': 'wörld',
  'a.int': 1234567890123,
  'a.negative': -42,
  'a.double': 2.718281828,
  'a.bool': true,
  'a.strings': ['x', 'y', ''],
  'a.ints': [1, 2, 3],
  'a.doubles': [0.25, -1.5],
  'a.bools': [false, true],
};

/** An OTLP/HTTP base URL (`/v1/traces`, `/v1/logs` are appended), or an OTLP/gRPC address. */
export type SdkTarget = string | { grpc: string; credentials?: ChannelCredentials };

type GrpcOptions = NonNullable<ConstructorParameters<typeof GrpcTraceExporter>[0]>;

function exportersFor(t: SdkTarget) {
  if (typeof t === 'string') return { spans: new OTLPTraceExporter({ url: `${t}/v1/traces` }), logs: new OTLPLogExporter({ url: `${t}/v1/logs` }) };
  const opts: GrpcOptions = { url: t.grpc, credentials: t.credentials, compression: 'gzip' as GrpcOptions['compression'] };
  return { spans: new GrpcTraceExporter(opts), logs: new GrpcLogExporter(opts) };
}

/**
 * Sends `rounds` traces (3 spans each) and `rounds` × 3 log records to every target: the same
 * ids and times to all of them.
 */
export async function produceWithSdk(targets: SdkTarget[], rounds = 1): Promise<void> {
  const exporters = targets.map(exportersFor);
  const resource = resourceFromAttributes({ 'service.name': 'roundtrip', 'service.version': '1.2.3', 'host.cores': 2 });
  const tracer = new BasicTracerProvider({
    resource,
    spanProcessors: exporters.map((e) => new SimpleSpanProcessor(e.spans)),
  });
  const logger = new LoggerProvider({
    resource,
    processors: exporters.map((e) => new SimpleLogRecordProcessor({ exporter: e.logs })),
  });
  const t = tracer.getTracer('roundtrip-tracer', '0.9.1');
  const l = logger.getLogger('roundtrip-logger', '4.5.6');
  for (let i = 0; i < rounds; i++) {
    // Start times with odd nanoseconds, beyond 2^53 ns, so any pass through a double shows.
    const base = 1_712_345_678 + i;
    const root = t.startSpan('GET /checkout', { kind: SpanKind.SERVER, attributes: SDK_ATTRS, startTime: [base, 123_456_789] });
    root.addEvent('cache.miss', { 'cache.key': 'cart:42', 'cache.ttl': 30 }, [base, 223_456_789]);
    const ctx = trace.setSpan(context.active(), root);
    const child = t.startSpan(
      'SELECT cart',
      {
        kind: SpanKind.CLIENT,
        attributes: { 'db.system': 'postgresql', 'db.rows': 3 },
        links: [{ context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED, isRemote: true }, attributes: { 'link.reason': 'batch' } }],
        startTime: [base, 300_000_001],
      },
      ctx,
    );
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'deadlock detected' });
    child.end([base, 400_000_003]);
    const producer = t.startSpan('publish', { kind: SpanKind.PRODUCER, startTime: [base, 500_000_000] }, ctx);
    producer.setStatus({ code: SpanStatusCode.OK });
    producer.end([base, 500_000_999]);
    l.emit({ context: ctx, timestamp: [base, 111_111_111], observedTimestamp: [base, 111_111_222], severityNumber: SeverityNumber.WARN, severityText: 'WARN', body: 'cart is empty', attributes: SDK_ATTRS });
    l.emit({ timestamp: [base, 222_222_222], severityNumber: SeverityNumber.ERROR2, severityText: 'ERROR', body: { user: 'u1', items: [1, 'two', false], nested: { depth: 2.5 } }, eventName: 'checkout.failed' });
    l.emit({ timestamp: [base, 333_333_333], severityNumber: SeverityNumber.DEBUG, body: new Uint8Array([0, 1, 254, 255]) });
    root.end([base, 999_999_999]);
  }
  await tracer.forceFlush();
  await logger.forceFlush();
  await tracer.shutdown();
  await logger.shutdown();
}

const byId = (a: SinkSpan, b: SinkSpan) => (a.spanId < b.spanId ? -1 : 1);
const byTime = (a: SinkLog, b: SinkLog) => (a.timeUnixNano < b.timeUnixNano ? -1 : 1);

/** Compares what reached the sink through the bridge with what the SDK sent directly. */
export function assertSameContent(sink: OtlpSink, expectSpans: number, expectLogs: number): void {
  const direct = sink.requests.filter((r) => r.path.startsWith('/direct'));
  const bridged = sink.requests.filter((r) => !r.path.startsWith('/direct'));
  assertSameRequests(direct, bridged, expectSpans, expectLogs);
}

/** The same, with what the SDK sent directly and what came through the bridge recorded apart. */
export function assertSameRequests(direct: SinkRequest[], bridgedAll: SinkRequest[], expectSpans: number, expectLogs: number): void {
  const bridged = bridgedAll.filter((r) => r.status < 300);
  const dSpans = direct.flatMap((r) => r.spans).sort(byId);
  const bSpans = bridged.flatMap((r) => r.spans).sort(byId);
  const dLogs = direct.flatMap((r) => r.logs).sort(byTime);
  const bLogs = bridged.flatMap((r) => r.logs).sort(byTime);
  assert.equal(dSpans.length, expectSpans);
  assert.equal(dLogs.length, expectLogs);
  assert.deepEqual(bSpans, dSpans);
  assert.deepEqual(bLogs, dLogs);
}

/** Spot checks that the SDK data really carries what the comparison claims to cover. */
export function assertRichContent(sink: { spans: SinkSpan[]; logs: SinkLog[] }): void {
  const spans = sink.spans;
  // The first round's items, picked by their exact times: a sink may receive the rounds in any order.
  const root = spans.find((s) => s.name === 'GET /checkout' && s.startTimeUnixNano === '1712345678123456789')!;
  assert.ok(root, 'the first root span, with its exact start time');
  assert.deepEqual(root.attributes, SDK_ATTRS);
  assert.equal(root.startTimeUnixNano, '1712345678123456789');
  assert.equal(root.events[0].timeUnixNano, '1712345678223456789');
  assert.equal(root.resource.attributes['service.name'], 'roundtrip');
  assert.deepEqual({ name: root.scope.name, version: root.scope.version }, { name: 'roundtrip-tracer', version: '0.9.1' });
  const child = spans.find((s) => s.name === 'SELECT cart' && s.traceId === root.traceId)!;
  assert.equal(child.parentSpanId, root.spanId);
  assert.equal(child.links[0].spanId, 'b7ad6b7169203331');
  assert.deepEqual(child.status, { code: 2, message: 'deadlock detected' });
  assert.equal(child.endTimeUnixNano, '1712345678400000003');
  const logs = sink.logs;
  const warn = logs.find((l) => l.severityText === 'WARN' && l.timeUnixNano === '1712345678111111111')!;
  assert.equal(warn.traceId, root.traceId);
  assert.equal(warn.spanId, root.spanId);
  assert.equal(warn.observedTimeUnixNano, '1712345678111111222');
  assert.deepEqual(warn.attributes, SDK_ATTRS);
  const failed = logs.find((l) => l.eventName === 'checkout.failed')!;
  assert.deepEqual(failed.body, { user: 'u1', items: [1, 'two', false], nested: { depth: 2.5 } });
  assert.equal(failed.severityNumber, 18);
  assert.deepEqual(logs.find((l) => l.severityNumber === 5)!.body, Buffer.from([0, 1, 254, 255]));
}
