/**
 * Round trip: the OTel JS SDK's own OTLP exporters → our `otlp` receiver → our `otlp_http`
 * exporter → the protobufjs sink. The SDK also sends the same data straight to the sink
 * (under /direct), so "identical content" is checked field by field against what the SDK itself
 * put on the wire, in both encodings of our exporter.
 */
import { NO_HOST, testSettings } from '../../src/component/testing';
import { fanout } from '../../src/consumer/fanout';
import type { LogRecord, Span } from '../../src/consumer/consumer';
import { factory as exporterFactory } from '../../exporters/otlp_http/factory';
import { factory as receiverFactory } from '../../receivers/otlp/factory';
import type { OtlpReceiver } from '../../receivers/otlp/receiver';
import { OtlpSink } from '../helpers/sink';
import { assertRichContent, assertSameContent, produceWithSdk } from './otlp-sdk';

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
