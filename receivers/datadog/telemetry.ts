import type { Metrics } from '../../src/telemetry/metrics';
import { RECEIVER_ITEM_LABELS } from '../../src/telemetry/instrument';
import { knownLanguage } from './semconv';

/**
 * The receiver's own counters. Label values are bounded: endpoints come from a fixed list and
 * the client language is a known language, `unknown` (no header) or `other`, so a client cannot
 * create series at will.
 */
export class ReceiverTelemetry {
  private readonly accepted;
  private readonly refused;
  private readonly requests;
  private readonly warnings;

  constructor(
    metrics: Metrics,
    private readonly receiver: string,
  ) {
    const labels = RECEIVER_ITEM_LABELS;
    this.accepted = metrics.counter('otelcol_receiver_accepted_spans', 'Spans pushed into the pipeline.', labels);
    this.refused = metrics.counter('otelcol_receiver_refused_spans', 'Spans that could not be pushed into the pipeline.', labels);
    this.requests = metrics.counter(
      'otelcol_receiver_datadog_requests',
      'Requests to the Datadog intake, by path family, client language and status code.',
      ['receiver', 'endpoint', 'client_language', 'code'],
    );
    this.warnings = metrics.counter(
      'otelcol_receiver_datadog_malformed_span_tags',
      'Spans kept whose _dd.span_links or events JSON could not be read in full.',
      ['receiver', 'tag'],
    );
  }

  static language(header: string | string[] | undefined): string {
    const h = Array.isArray(header) ? header[0] : header;
    if (!h) return 'unknown';
    return knownLanguage(h) ?? 'other';
  }

  accept(endpoint: string, lang: string, n: number): void {
    if (n > 0) this.accepted.inc({ receiver: this.receiver, transport: 'http', endpoint, client_language: lang }, n);
  }

  refuse(endpoint: string, lang: string, n: number): void {
    if (n > 0) this.refused.inc({ receiver: this.receiver, transport: 'http', endpoint, client_language: lang }, n);
  }

  request(endpoint: string, lang: string, code: number): void {
    this.requests.inc({ receiver: this.receiver, endpoint, client_language: lang, code: String(code) });
  }

  malformed(tag: string): void {
    this.warnings.inc({ receiver: this.receiver, tag });
  }
}
