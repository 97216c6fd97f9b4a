/**
 * Round trip: the OTel JS SDK's own OTLP exporters → our `otlp` receiver → our `otlp_http`
 * exporter → the protobufjs sink. The SDK also sends the same data straight to the sink
 * (under /direct), so "identical content" is checked field by field against what the SDK itself
 * put on the wire, in both encodings of our exporter.
 */
import assert from 'node:assert/strict';
import { NO_HOST, testSettings } from '../../src/component/settings';
import { fanout } from '../../src/consumer/fanout';
import type { LogRecord, Span } from '../../src/consumer/consumer';
import { factory as exporterFactory } from '../../exporters/otlp_http/factory';
import { factory as receiverFactory } from '../../receivers/otlp/factory';
import type { OtlpReceiver } from '../../receivers/otlp/receiver';
import { OtlpSink, type SinkLog, type SinkSpan } from '../helpers/sink';
import { produceWithSdk, SDK_ATTRS } from './otlp-sdk';

const byId = (a: SinkSpan, b: SinkSpan) => (a.spanId < b.spanId ? -1 : 1);
const byTime = (a: SinkLog, b: SinkLog) => (a.timeUnixNano < b.timeUnixNano ? -1 : 1);

/** Compares what reached the sink through the bridge with what the SDK sent directly. */
export function assertSameContent(sink: OtlpSink, expectSpans: number, expectLogs: number): void {
  const direct = sink.requests.filter((r) => r.path.startsWith('/direct'));
  const bridged = sink.requests.filter((r) => !r.path.startsWith('/direct') && r.status < 300);
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
export function assertRichContent(sink: OtlpSink): void {
  const spans = sink.spans;
  const root = spans.find((s) => s.name === 'GET /checkout')!;
  assert.deepEqual(root.attributes, SDK_ATTRS);
  assert.equal(root.startTimeUnixNano, '1712345678123456789');
  assert.equal(root.events[0].timeUnixNano, '1712345678223456789');
  assert.equal(root.resource.attributes['service.name'], 'roundtrip');
  assert.deepEqual({ name: root.scope.name, version: root.scope.version }, { name: 'roundtrip-tracer', version: '0.9.1' });
  const child = spans.find((s) => s.name === 'SELECT cart')!;
  assert.equal(child.parentSpanId, root.spanId);
  assert.equal(child.links[0].spanId, 'b7ad6b7169203331');
  assert.deepEqual(child.status, { code: 2, message: 'deadlock detected' });
  assert.equal(child.endTimeUnixNano, '1712345678400000003');
  const logs = sink.logs;
  const warn = logs.find((l) => l.severityText === 'WARN')!;
  assert.equal(warn.traceId, root.traceId);
  assert.equal(warn.spanId, root.spanId);
  assert.equal(warn.observedTimeUnixNano, '1712345678111111222');
  assert.deepEqual(warn.attributes, SDK_ATTRS);
  const failed = logs.find((l) => l.eventName === 'checkout.failed')!;
  assert.deepEqual(failed.body, { user: 'u1', items: [1, 'two', false], nested: { depth: 2.5 } });
  assert.equal(failed.severityNumber, 18);
  assert.deepEqual(logs.find((l) => l.severityNumber === 5)!.body, Buffer.from([0, 1, 254, 255]));
}

describe('OTLP round trip (in process): SDK → otlp receiver → otlp_http exporter → sink', () => {
  for (const encoding of ['proto', 'json']) {
    it(`keeps every field identical with encoding ${encoding}`, async () => {
      const sink = await OtlpSink.start();
      const exporter = exporterFactory.create(
        testSettings('otlp_http', 'exporter'),
        exporterFactory.config.decode({ endpoint: sink.url, encoding }, 'otlp_http', [])!,
        ['traces', 'logs'],
      );
      await exporter.start(NO_HOST);
      const receiver = receiverFactory.create(
        testSettings('otlp', 'receiver'),
        receiverFactory.config.decode({ protocols: { http: { endpoint: '127.0.0.1:0' } } }, 'otlp', [])!,
        { traces: fanout<Span>([exporter.traces!]), logs: fanout<LogRecord>([exporter.logs!]) },
      ) as OtlpReceiver;
      await receiver.start(NO_HOST);
      try {
        const via = `http://${receiver.address}`;
        await produceWithSdk([via, `${sink.url}/direct`], 2);
        await sink.waitFor((s) => s.spans.length === 12 && s.logs.length === 12);
        assertSameContent(sink, 6, 6);
        assertRichContent(sink);
      } finally {
        await receiver.shutdown();
        await exporter.shutdown();
        await sink.close();
      }
    });
  }
});
