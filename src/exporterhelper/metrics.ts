/**
 * The Collector's exporter metrics (`otelcol_exporter_*`) for one exporter and signal: the one
 * place they are registered, so every exporter (through newExporter) reports with the same
 * names, help texts and labels.
 */
import type { Signal } from '../consumer/consumer';
import type { Metrics } from '../telemetry/metrics';
import { itemNoun } from '../telemetry/signals';

export interface ExporterMetrics {
  sent(n: number): void;
  /** Items dropped for good; `permanent` says whether retrying could ever have helped. */
  sendFailed(n: number, permanent: boolean): void;
  enqueueFailed(n: number): void;
  retry(): void;
  queueSize(n: number): void;
  queueCapacity(n: number): void;
  /** Whether the backend took the last attempt (see backend.ts). */
  backendUp(up: boolean): void;
}

export function exporterMetrics(metrics: Metrics, exporter: string, signal: Signal): ExporterMetrics {
  const noun = itemNoun(signal);
  const qLabels = { exporter, data_type: signal };
  const sent = metrics.counter(`otelcol_exporter_sent_${noun}`, 'Items successfully sent to the destination.', ['exporter']);
  const failed = metrics.counter(`otelcol_exporter_send_failed_${noun}`, 'Items that could not be sent and were dropped.', ['exporter', 'permanent']);
  const enq = metrics.counter(`otelcol_exporter_enqueue_failed_${noun}`, 'Items refused because the sending queue was full.', ['exporter']);
  const retries = metrics.counter('otelcol_exporter_retries', 'Send attempts repeated after a retryable failure.', ['exporter', 'data_type']);
  const size = metrics.gauge('otelcol_exporter_queue_size', 'Requests in the sending queue.', ['exporter', 'data_type']);
  const cap = metrics.gauge('otelcol_exporter_queue_capacity', 'Capacity of the sending queue in requests.', ['exporter', 'data_type']);
  const up = metrics.gauge('otelcol_exporter_backend_up', 'Whether the backend took the last attempt (1) or it failed in a way worth retrying (0); absent before the first attempt.', ['exporter', 'data_type']);
  return {
    sent: (n) => sent.inc({ exporter }, n),
    sendFailed: (n, permanent) => failed.inc({ exporter, permanent: String(permanent) }, n),
    enqueueFailed: (n) => enq.inc({ exporter }, n),
    retry: () => retries.inc(qLabels),
    queueSize: (n) => size.set(qLabels, n),
    queueCapacity: (n) => cap.set(qLabels, n),
    backendUp: (b) => up.set(qLabels, b ? 1 : 0),
  };
}
