/**
 * Whether an exporter's backend takes what it is sent, per signal, seen from every attempt the
 * chain makes: a warning the first time it stops, at most one reminder per interval while it
 * stays so, and an info line when it takes data again. The same state is the
 * `otelcol_exporter_backend_up` gauge and the `exporters` field of health_check's body; it never
 * touches readiness, since a sidecar must not take its pod out of service for a distant outage.
 */
import type { CreateSettings } from '../component/component';
import type { Signal } from '../consumer/consumer';
import type { Metrics } from '../telemetry/metrics';
import type { ExporterMetrics } from './metrics';
import type { ExportResult } from './result';

export interface BackendStatus {
  /** `up`: the last attempt was answered (accepted, or refused for good); `down`: it failed in a way worth retrying. */
  state: 'up' | 'down';
  /** When the state last changed. */
  since: Date;
  /** The last failure while down. */
  error?: string;
}

/** How often a backend that stays down is reported again, at most. */
export const REMIND_EVERY_MS = 60_000;

/** The statuses of one collector's exporters (keyed by its Metrics, which every component of it shares): `exporter id → signal → status`. */
const boards = new WeakMap<Metrics, Map<string, Map<Signal, BackendStatus>>>();

export function backendStatuses(metrics: Metrics): ReadonlyMap<string, ReadonlyMap<Signal, BackendStatus>> {
  return boards.get(metrics) ?? new Map();
}

export class BackendState {
  private status: BackendStatus | undefined;
  private failures = 0;
  private remindedAt = 0;
  private readonly board: Map<Signal, BackendStatus>;

  constructor(
    private readonly set: CreateSettings,
    private readonly signal: Signal,
    private readonly metrics: ExporterMetrics,
    private readonly now: () => number = Date.now,
    private readonly remindEveryMs = REMIND_EVERY_MS,
  ) {
    let all = boards.get(set.metrics);
    if (!all) boards.set(set.metrics, (all = new Map()));
    let board = all.get(set.id);
    if (!board) all.set(set.id, (board = new Map()));
    this.board = board;
  }

  /** One attempt's outcome; an attempt shutdown interrupted says nothing about the backend and is not passed here. */
  observe(r: ExportResult): void {
    if (r.kind === 'retryable') this.failed(r.message);
    else this.answered();
  }

  private failed(error: string): void {
    const { logger } = this.set;
    const t = this.now();
    this.failures++;
    if (this.status?.state !== 'down') {
      this.change({ state: 'down', since: new Date(t), error });
      this.failures = 1;
      this.remindedAt = t;
      logger.warn({ signal: this.signal, err: error }, 'The backend is not accepting data; retrying');
      return;
    }
    this.status.error = error;
    if (t - this.remindedAt >= this.remindEveryMs) {
      this.remindedAt = t;
      logger.warn({ signal: this.signal, err: error, failedAttempts: this.failures, downForMs: t - this.status.since.getTime() }, 'The backend is still not accepting data');
    }
  }

  private answered(): void {
    const t = this.now();
    const was = this.status;
    if (was?.state === 'up') return;
    this.change({ state: 'up', since: new Date(t) });
    if (was) this.set.logger.info({ signal: this.signal, failedAttempts: this.failures, downForMs: t - was.since.getTime() }, 'The backend is accepting data again');
    this.failures = 0;
  }

  private change(s: BackendStatus): void {
    this.status = s;
    this.board.set(this.signal, s);
    this.metrics.backendUp(s.state === 'up');
  }
}
