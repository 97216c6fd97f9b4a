import type { Consumer, Signal } from '../consumer/consumer';
import { isPermanent } from '../consumer/errors';
import type { Metrics } from './metrics';
import { itemNoun } from './signals';

/**
 * Label names of the item counters several components register under one name. A Prometheus
 * metric has one label set, so every registration uses the same list (a component leaves the
 * labels it does not know empty).
 */
export const RECEIVER_ITEM_LABELS = ['receiver', 'transport', 'endpoint', 'client_language'] as const;
export const EXPORTER_ITEM_LABELS = ['exporter', 'permanent'] as const;

/** Counts a processor's incoming and outgoing items with the Collector's names. */
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

/**
 * Counts what an exporter without its own queue sent or failed to send. Exporters with a
 * queue (otlp_http) count at the point of sending instead.
 */
export function instrumentExporter<T>(metrics: Metrics, exporterId: string, signal: Signal, c: Consumer<T>): Consumer<T> {
  const noun = itemNoun(signal);
  const sent = metrics.counter(`otelcol_exporter_sent_${noun}`, `${noun} successfully sent`, EXPORTER_ITEM_LABELS);
  const failed = metrics.counter(`otelcol_exporter_send_failed_${noun}`, `${noun} that failed to be sent`, EXPORTER_ITEM_LABELS);
  return {
    async consume(batch) {
      try {
        await c.consume(batch);
        sent.inc({ exporter: exporterId }, batch.length);
      } catch (err) {
        failed.inc({ exporter: exporterId, permanent: String(isPermanent(err)) }, batch.length);
        throw err;
      }
    },
  };
}
