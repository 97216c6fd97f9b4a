/** The Collector's processor metrics (`otelcol_processor_incoming_items`, `…_outgoing_items`), counted by the graph around each processor. */
import type { Consumer, Signal } from '../consumer/consumer';
import type { Metrics } from '../telemetry/metrics';

export function processorCounters(metrics: Metrics, processorId: string, pipelineId: string, signal: Signal) {
  const labels = { processor: processorId, pipeline: pipelineId, otel_signal: signal };
  const incoming = metrics.counter('otelcol_processor_incoming_items', 'Items that entered the processor', Object.keys(labels));
  const outgoing = metrics.counter('otelcol_processor_outgoing_items', 'Items that left the processor', Object.keys(labels));
  return {
    wrapIncoming<T>(c: Consumer<T>): Consumer<T> {
      return { consume: (batch) => (incoming.inc(labels, batch.length), c.consume(batch)) };
    },
    wrapOutgoing<T>(c: Consumer<T>): Consumer<T> {
      return { consume: (batch) => (outgoing.inc(labels, batch.length), c.consume(batch)) };
    },
  };
}
