/**
 * file_log's own metrics and its rate-limited warnings, registered in one place; its accepted and
 * refused counts are every receiver's (receiverhelper's ObsReport).
 */
import type { CreateSettings } from '../../src/component/component';
import { errorMessage } from '../../src/consumer/errors';
import { ObsReport } from '../../src/receiverhelper/obsreport';
import { RateLimitedLog } from '../../src/telemetry/logger';

export class FileLogTelemetry {
  /** Input-driven warnings (one file, one error) go through here so a bad file cannot flood the log. */
  readonly warn: RateLimitedLog;
  /** Accepted and refused log records. */
  readonly obs: ObsReport;
  private readonly id: { receiver: string };
  private readonly m;

  constructor(set: CreateSettings) {
    this.warn = new RateLimitedLog(set.logger);
    this.id = { receiver: set.id };
    this.obs = new ObsReport(set.metrics, set.id, 'file', 'logs');
    const mt = set.metrics;
    this.m = {
      dropped: mt.counter('otelcol_fileconsumer_dropped_log_records', 'Log records given up: permanent errors, or retries off or exhausted.', ['receiver']),
      cut: mt.counter('otelcol_fileconsumer_truncated_log_records', 'Entries longer than max_log_size, truncated or split.', ['receiver']),
      invalid: mt.counter('otelcol_fileconsumer_decode_errors', 'Chunks with bytes invalid in the encoding (replaced by U+FFFD).', ['receiver']),
      errors: mt.counter('otelcol_fileconsumer_file_errors', 'Failed attempts to list, open or read a file (retried every poll; logged at a bounded rate).', ['receiver', 'reason']),
      rotations: mt.counter('otelcol_fileconsumer_truncations', 'Files found truncated or replaced in place (copytruncate).', ['receiver']),
      open: mt.gauge('otelcol_fileconsumer_open_files', 'Files held open.', ['receiver']),
      reading: mt.gauge('otelcol_fileconsumer_reading_files', 'Open files with bytes not yet read.', ['receiver']),
    };
  }

  retrying(path: string, records: number, err: unknown, waitMs: number): void {
    this.warn.warn('refused', { path, records, retry_in_ms: Math.round(waitMs), err: errorMessage(err) }, 'The pipeline refused log records; holding the reader and retrying');
  }

  dropped(path: string, records: number, err: unknown): void {
    this.m.dropped.inc(this.id, records);
    this.warn.warn('drop', { path, records, err: errorMessage(err) }, 'The pipeline rejected log records; dropping them');
  }

  cut(path: string, entries: number, maxLogSize: number, behavior: string): void {
    this.m.cut.inc(this.id, entries);
    this.warn.warn('cut:' + path, { path, max_log_size: maxLogSize, behavior }, 'An entry is longer than max_log_size');
  }

  invalidUtf8(path: string): void {
    this.m.invalid.inc(this.id);
    this.warn.warn('utf8:' + path, { path }, 'Invalid UTF-8 bytes were replaced with U+FFFD');
  }

  rotated(): void {
    this.m.rotations.inc(this.id);
  }

  fileError(path: string, err: NodeJS.ErrnoException, op: string): void {
    const reason = err.code ?? 'error';
    this.m.errors.inc({ ...this.id, reason });
    this.warn.warn(`${op}:${path}:${reason}`, { path, op, code: err.code, err: err.message }, `Cannot ${op} a file`);
  }

  /** Open files, and those of them with bytes not yet read. */
  gauges(files: Iterable<{ size: number; readPos: number }>): void {
    let open = 0;
    let reading = 0;
    for (const f of files) {
      open++;
      if (f.size > f.readPos) reading++;
    }
    this.m.open.set(this.id, open);
    this.m.reading.set(this.id, reading);
  }
}
