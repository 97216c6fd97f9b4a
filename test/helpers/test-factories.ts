import { defineExporter, defineReceiver, type Component, type ReceiverConsumers } from '../../src/component/component';
import * as s from '../../src/config/schema';
import { SinkConsumer } from '../../src/consumer/testing';
import type { LogRecord, Span } from '../../src/consumer/consumer';

/** A receiver that listens to nothing: tests push data through `last.next` by hand. */
export class TestReceiver implements Component {
  static last: TestReceiver | undefined;
  started = 0;
  stopped = 0;
  constructor(readonly next: ReceiverConsumers) {
    TestReceiver.last = this;
  }
  async start() {
    this.started++;
  }
  async shutdown() {
    this.stopped++;
  }
}

export const testReceiverFactory = defineReceiver({
  type: 'test_rx',
  stability: 'development',
  signals: ['traces', 'logs'],
  config: s.object({
    endpoint: s.hostPort('127.0.0.1:9999').def('127.0.0.1:9999'),
    label: s.string().def(''),
  }),
  create: (_set, _cfg, next) => new TestReceiver(next),
});

/** An exporter that records what it gets, also reachable under a deprecated alias. */
export const testExporterFactory = defineExporter({
  type: 'test_sink',
  aliases: ['dbg'],
  stability: 'development',
  signals: ['traces', 'logs'],
  config: s.object({}),
  create() {
    const traces = new SinkConsumer<Span>();
    const logs = new SinkConsumer<LogRecord>();
    return { traces, logs, start: async () => {}, shutdown: async () => {} };
  },
});
