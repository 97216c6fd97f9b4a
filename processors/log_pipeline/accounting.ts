/**
 * Every log record's join outcome, counted by pipeline and (for a bounded set of names) by service,
 * with a rate-limited warning that names a service most of whose lines do not join, the reason and
 * the likely fix. Counts are tallied per batch and handed to Prometheus once per batch.
 */
import type { Logger } from '../../src/telemetry/logger';
import { RateLimitedLog } from '../../src/telemetry/logger';
import type { Metrics } from '../../src/telemetry/metrics';

/** `joined`: ids as written; `recovered`: trace id completed from the trace index; the rest are unjoined. */
export const OUTCOMES = ['joined', 'recovered', 'no_ids', 'script_error', 'trace_not_seen', 'ambiguous'] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** Indexes into OUTCOMES, for the per-record call. */
export const JOINED = 0;
export const RECOVERED = 1;
export const NO_IDS = 2;
export const SCRIPT_ERROR = 3;
export const TRACE_NOT_SEEN = 4;
export const AMBIGUOUS_IDS = 5;

/**
 * What lay behind `trace_not_seen`, for the warning's fix: no index (`none`), recovery `off`, the
 * service `untraced` lately, the line `stale` (older than `wait` when read), or released at its
 * `deadline`, early because the room was `full`, memory was high, or the bridge stopped.
 */
export const CAUSES = ['none', 'off', 'untraced', 'stale', 'deadline', 'full', 'memory', 'shutdown'] as const;
export type Cause = (typeof CAUSES)[number];
const CAUSE_INDEX = Object.fromEntries(CAUSES.map((c, i) => [c, i])) as Record<Cause, number>;
export const causeIndex = (c: Cause): number => CAUSE_INDEX[c];

/** Distinct service label values per processor; later services are counted as "_other". */
const MAX_SERVICE_LABELS = 20;
/** Services followed for the warning at once. */
const MAX_WINDOWS = 1000;
/** A service's share is judged after this many lines, or after WINDOW_MS with at least MIN_LINES. */
const FULL_WINDOW = 500;
const WINDOW_MS = 60_000;
const MIN_LINES = 20;
/** The same service is warned about at most once per this interval. */
const WARN_EVERY_MS = 10 * 60_000;

interface Tally {
  outcomes: Float64Array;
  causes: Float64Array;
}

interface Window extends Tally {
  since: number;
  total: number;
}

const NO_SERVICE = '';
const tally = (): Tally => ({ outcomes: new Float64Array(OUTCOMES.length), causes: new Float64Array(CAUSES.length) });

/** What a record's service is read from: its resource (records of one origin share one object). */
export interface Origin {
  readonly attributes: Readonly<Record<string, unknown>>;
}

export class JoinAccounting {
  /** This batch's counts by resource object; services are read from them only at flush. */
  private batch = new Map<Origin, Tally>();
  /** The tally used last: consecutive records nearly always share their resource. */
  private lastOrigin: Origin | undefined;
  private last: Tally | undefined;
  private windows = new Map<string, Window>();
  private labels = new Set<string>();
  private readonly counter;
  private readonly warn: RateLimitedLog;

  constructor(private readonly opts: { processor: string; pipeline: string; logger: Logger; metrics: Metrics }) {
    this.counter = opts.metrics.counter(
      'otelcol_processor_log_pipeline_join_outcomes',
      'Log records by how they joined their span: joined (ids as written), recovered (trace id completed from the trace index), unjoined (with a reason)',
      ['processor', 'pipeline', 'service', 'outcome', 'reason'],
    );
    this.warn = new RateLimitedLog(opts.logger, 1, WARN_EVERY_MS);
  }

  /** Counts one record of `origin`; cheap (a comparison and two increments), Prometheus is told at `flush`. */
  count(origin: Origin, outcome: number, cause = -1): void {
    let t = this.last;
    if (t === undefined || origin !== this.lastOrigin) {
      t = this.batch.get(origin);
      if (!t) this.batch.set(origin, (t = tally()));
      this.last = t;
      this.lastOrigin = origin;
    }
    t.outcomes[outcome]++;
    if (cause >= 0) t.causes[cause]++;
  }

  /** Hands the batch's counts to Prometheus and judges services whose window is complete. */
  flush(now = Date.now()): void {
    if (this.batch.size === 0) return;
    const byService = new Map<string, Tally>();
    for (const [origin, t] of this.batch) {
      const name = origin.attributes['service.name'];
      const service = typeof name === 'string' ? name : NO_SERVICE;
      const sum = byService.get(service);
      if (!sum) byService.set(service, t);
      else {
        for (let i = 0; i < t.outcomes.length; i++) sum.outcomes[i] += t.outcomes[i];
        for (let i = 0; i < t.causes.length; i++) sum.causes[i] += t.causes[i];
      }
    }
    this.batch.clear();
    this.last = undefined;
    this.lastOrigin = undefined;
    const { processor, pipeline } = this.opts;
    for (const [service, t] of byService) {
      const label = this.labelOf(service);
      for (let i = 0; i < OUTCOMES.length; i++) {
        const n = t.outcomes[i];
        if (n === 0) continue;
        const joined = i === JOINED || i === RECOVERED;
        this.counter.inc({ processor, pipeline, service: label, outcome: joined ? OUTCOMES[i] : 'unjoined', reason: joined ? '' : OUTCOMES[i] }, n);
      }
      this.judge(service, t, now);
    }
  }

  private labelOf(service: string): string {
    if (this.labels.has(service)) return service;
    if (this.labels.size < MAX_SERVICE_LABELS) {
      this.labels.add(service);
      return service;
    }
    return '_other';
  }

  private judge(service: string, t: Tally, now: number): void {
    let w = this.windows.get(service);
    if (!w) {
      if (this.windows.size >= MAX_WINDOWS) this.windows.clear();
      this.windows.set(service, (w = { ...tally(), since: now, total: 0 }));
    }
    for (let i = 0; i < t.outcomes.length; i++) {
      w.outcomes[i] += t.outcomes[i];
      w.total += t.outcomes[i];
    }
    for (let i = 0; i < t.causes.length; i++) w.causes[i] += t.causes[i];
    const aged = now - w.since >= WINDOW_MS;
    if (w.total < FULL_WINDOW && !(aged && w.total >= MIN_LINES)) {
      if (aged) this.windows.delete(service);
      return;
    }
    this.windows.delete(service);
    const unjoined = w.total - w.outcomes[JOINED] - w.outcomes[RECOVERED];
    if (unjoined * 2 <= w.total) return;
    let top = RECOVERED + 1;
    for (let i = top + 1; i < OUTCOMES.length; i++) if (w.outcomes[i] > w.outcomes[top]) top = i;
    const reason = OUTCOMES[top];
    const name = service === NO_SERVICE ? '(none)' : service;
    this.warn.warn(service, {
      service: name,
      pipeline: this.opts.pipeline,
      lines: w.total,
      unjoined,
      reason,
      fix: fixFor(reason, w.causes),
    }, `Most log lines of service "${name}" do not join a span`);
  }
}

/** The likely fix for a reason; for trace_not_seen, by the cause seen most. */
export function fixFor(reason: Outcome, causes: ArrayLike<number>): string {
  switch (reason) {
    case 'no_ids':
      return 'the lines carry no trace and span ids the script reads: enable log injection in the tracer (DD_LOGS_INJECTION=true) and check what the script leaves with `dd-otel-bridge pipeline --script ... --record`';
    case 'script_error':
      return 'the script stops with an error before it reads the ids: run a few lines through `dd-otel-bridge pipeline --script ... --record` to see it';
    case 'ambiguous':
      return 'two live traces share the low 64 bits these lines carry: make the tracer log 128-bit ids (DD_TRACE_128_BIT_TRACEID_LOGGING_ENABLED=true)';
    default:
      break;
  }
  let top = 0;
  for (let i = 1; i < causes.length; i++) if (causes[i] > causes[top]) top = i;
  const fix128 = 'or make the tracer log 128-bit ids (DD_TRACE_128_BIT_TRACEID_LOGGING_ENABLED=true)';
  switch (CAUSES[top]) {
    case 'none':
    case 'untraced':
      return `the lines carry 64-bit trace ids and no traces of this service reached this bridge lately, so the high half cannot be completed: send its traces to this bridge's datadog (DD_TRACE_AGENT_URL) or otlp receiver, ${fix128}`;
    case 'off':
      return `the lines carry 64-bit trace ids and trace_index is disabled: enable it, ${fix128}`;
    case 'stale':
      return 'the lines were older than trace_index::wait when read, so they did not wait for their traces (a backlog after a restart, or log times read in the wrong zone: check log_pipeline::timezone)';
    case 'full':
    case 'memory':
      return 'lines waiting for their traces were let go early because the waiting room was full or memory was high: raise trace_index::max_waiting_records / max_waiting_mib, or the memory limit';
    default:
      return `their traces did not arrive within trace_index::wait: check that the tracer sends this service's traces to this bridge, raise trace_index::wait if they come later, ${fix128}`;
  }
}
