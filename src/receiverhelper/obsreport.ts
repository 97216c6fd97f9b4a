/**
 * The receivers' own counters with the Collector's names (receiverhelper.ObsReport), registered
 * here only, with one help text: `otelcol_receiver_accepted_<items>` / `refused_<items>` per
 * receiver and transport, and the connection errors of HTTP receivers.
 */
import type { Signal } from '../consumer/consumer';
import type { ConnectionErrorReason } from '../net/server';
import type { Metrics } from '../telemetry/metrics';
import { itemNoun } from '../telemetry/signals';

/**
 * Label names of the item counters, shared by every receiver: a Prometheus metric has one label
 * set, so a receiver leaves the labels it does not know empty.
 */
export const RECEIVER_ITEM_LABELS = ['receiver', 'transport', 'endpoint', 'client_language'] as const;

/** Labels some receivers add; values must come from bounded sets (fixed paths, known languages). */
export interface ItemLabels {
  endpoint?: string;
  client_language?: string;
}

/** One receiver's item counts on one transport for one signal. */
export class ObsReport {
  private readonly accepted;
  private readonly refused;
  private readonly base: { receiver: string; transport: string };

  constructor(metrics: Metrics, receiver: string, transport: 'http' | 'grpc' | 'file', signal: Signal) {
    const noun = itemNoun(signal);
    const words = noun.replace('_', ' ');
    this.accepted = metrics.counter(`otelcol_receiver_accepted_${noun}`, `Number of ${words} successfully pushed into the pipeline.`, RECEIVER_ITEM_LABELS);
    this.refused = metrics.counter(`otelcol_receiver_refused_${noun}`, `Number of ${words} that could not be pushed into the pipeline.`, RECEIVER_ITEM_LABELS);
    this.base = { receiver, transport };
  }

  accept(n: number, labels?: ItemLabels): void {
    if (n > 0) this.accepted.inc(labels ? { ...this.base, ...labels } : this.base, n);
  }

  /** Counts every refusal: a batch offered again after a refusal counts again when refused again. */
  refuse(n: number, labels?: ItemLabels): void {
    if (n > 0) this.refused.inc(labels ? { ...this.base, ...labels } : this.base, n);
  }
}

/**
 * A counter of an HTTP receiver's connection-level failures (read timeouts, resets, unparseable
 * requests, failed accepts), for `HttpListenerOptions.onConnectionError`. Connections the kernel
 * refuses because the accept backlog is full never reach the process (Linux counts them in
 * TcpExtListenOverflows).
 */
export function connectionErrorCounter(metrics: Metrics, receiver: string): (reason: ConnectionErrorReason) => void {
  const c = metrics.counter('otelcol_receiver_connection_errors', 'Connections an HTTP receiver closed or lost before answering, by reason.', ['receiver', 'reason']);
  return (reason) => c.inc({ receiver, reason });
}
