import { ObsReport } from '../../src/receiverhelper/obsreport';
import type { Metrics } from '../../src/telemetry/metrics';
import { knownLanguage } from './semconv';

/**
 * The receiver's own counters: the shared accepted/refused spans, plus requests and malformed
 * tags. Label values are bounded: endpoints come from a fixed list and the client language is a
 * known language, `unknown` (no header) or `other`, so a client cannot create series at will.
 */
export class ReceiverTelemetry {
  private readonly items: ObsReport;
  private readonly requests;
  private readonly warnings;

  constructor(
    metrics: Metrics,
    private readonly receiver: string,
  ) {
    this.items = new ObsReport(metrics, receiver, 'http', 'traces');
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
    this.items.accept(n, { endpoint, client_language: lang });
  }

  refuse(endpoint: string, lang: string, n: number): void {
    this.items.refuse(n, { endpoint, client_language: lang });
  }

  request(endpoint: string, lang: string, code: number): void {
    this.requests.inc({ receiver: this.receiver, endpoint, client_language: lang, code: String(code) });
  }

  malformed(tag: string): void {
    this.warnings.inc({ receiver: this.receiver, tag });
  }
}
