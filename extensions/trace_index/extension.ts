/**
 * `trace_index`: the bridge's memory of recent traces, shared by its trace receivers (which feed it
 * every span batch) and its log_pipeline processors (which complete 64-bit log trace ids from it
 * and hold a record whose trace has not arrived yet). `host.ts` says how components find it.
 */
import type { Component, CreateSettings, Host } from '../../src/component/component';
import type { Span } from '../../src/consumer/consumer';
import { errorMessage } from '../../src/consumer/errors';
import { RateLimitedLog } from '../../src/telemetry/logger';
import type { Metrics } from '../../src/telemetry/metrics';
import { holdMemory, underPressure } from '../../src/util/pressure';
import type { TraceIndexConfig } from './config';
import { AMBIGUOUS_ID, KNOWN, NEW_AMBIGUOUS, NOT_SEEN, RecentTraces } from './recent';
import { WaitingRoom, type ReleaseReason, type WaitOwner, type Waiting } from './waiting';

/**
 * Why a record did not wait: recovery off, memory high, its line older than `wait`, its service not
 * traced lately (or no trace receiver at all), too big for the room, or the bridge stopping.
 */
export type NoWait = 'off' | 'memory' | 'stale' | 'untraced' | 'full' | 'shutdown';

const MIB = 1024 * 1024;

export class TraceIndex implements Component {
  readonly recent: RecentTraces;
  /** Records of every log_pipeline wait here together, so one bound covers them all; each owner gets back only its own. */
  readonly room: WaitingRoom<unknown>;
  private unhold: (() => void) | undefined;
  private host: Host | undefined;
  private readonly released;
  private readonly waited;
  private readonly warn: RateLimitedLog;

  constructor(
    private readonly set: CreateSettings,
    readonly cfg: TraceIndexConfig,
  ) {
    this.waited = set.metrics.histogram('otelcol_trace_index_wait_seconds', 'How long log records waited until their trace arrived (how late traces come after their lines)', ['extension'], [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 4, 6, 10, 30]);
    this.warn = new RateLimitedLog(set.logger);
    this.recent = new RecentTraces(cfg.max_traces, cfg.ttl, Date.now(), cfg.service_ttl);
    this.released = set.metrics.counter('otelcol_trace_index_released_log_records', 'Log records that stopped waiting for their trace, by why: trace (it arrived), deadline, full, memory, shutdown', ['extension', 'reason']);
    this.room = new WaitingRoom(cfg.max_waiting_records, cfg.max_waiting_mib * MIB, (items) => this.countReleases(items), () => this.stopping());
  }

  get id(): string {
    return this.set.id;
  }

  get enabled(): boolean {
    return this.cfg.enabled;
  }

  /** Trace receivers that feed this index (see feedTraceIndex). */
  feeders = 0;

  /** Receivers stop first when the bridge stops: no trace can arrive any more. */
  private stopping(): boolean {
    return this.host?.status?.() === 'stopping';
  }

  async start(host: Host): Promise<void> {
    if (this.host) return;
    this.host = host;
    indexesOf(host).add(this);
    gaugesOf(this.set.metrics).add(this);
    this.unhold = holdMemory({ heldBytes: () => this.room.bytes, relieve: () => this.room.releaseAll('memory') });
  }

  /** Releases every waiting record as written (their owners shut down first and took their own). */
  async shutdown(): Promise<void> {
    this.room.releaseAll('shutdown');
    this.unhold?.();
    this.unhold = undefined;
    if (this.host) indexesOf(this.host).delete(this);
    gaugesOf(this.set.metrics).delete(this);
    this.host = undefined;
  }

  /** Remembers the traces of a span batch and releases the records waiting for them. */
  feed(spans: readonly Span[]): void {
    if (!this.cfg.enabled || spans.length === 0) return;
    try {
      this.feedUnguarded(spans);
    } catch (err) {
      // A defect here must not cost the receiver its spans; the index only misses this batch.
      this.warn.warn('feed', { err: errorMessage(err) }, 'Could not index a span batch');
    }
  }

  private feedUnguarded(spans: readonly Span[]): void {
    const now = Date.now();
    const recent = this.recent;
    recent.tick(now);
    let lastId = '';
    let lastResource: Span['resource'] | undefined;
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i];
      const id = s.spanContext().traceId;
      // Spans of one trace come together, so most spans cost one string comparison.
      if (id !== lastId && id.length === 32) {
        lastId = id;
        const added = recent.add(id);
        if (added !== KNOWN && this.room.size > 0) this.room.arrived(id.slice(16), added === NEW_AMBIGUOUS ? AMBIGUOUS_ID : id);
      }
      if (s.resource !== lastResource) {
        lastResource = s.resource;
        const name = s.resource.attributes['service.name'];
        if (typeof name === 'string') recent.seen(name, now);
      }
    }
  }

  /** The slot of the live trace whose low half has these two words, NOT_SEEN or AMBIGUOUS (see RecentTraces). */
  lookup(lowHi: number, lowLo: number, now: number): number {
    if (!this.cfg.enabled) return NOT_SEEN;
    this.recent.tick(now);
    return this.recent.lookup(lowHi, lowLo);
  }

  /**
   * Holds `item` until a trace with this low half arrives or the deadline (`wait` after the time
   * written in the line, at most `wait` from now) passes; returns why not when it does not wait.
   */
  hold<T>(low: string, service: string | undefined, writtenMs: number, bytes: number, owner: WaitOwner<T>, item: T, now: number): Waiting<T> | NoWait {
    const wait = this.cfg.wait;
    const never = this.neverHolds();
    if (never) return never;
    if (!this.recent.mayWait(service, wait, now)) return 'untraced';
    if (this.stopping()) return 'shutdown';
    const deadline = Number.isFinite(writtenMs) ? Math.min(now, writtenMs) + wait : now + wait;
    if (deadline <= now) return 'stale';
    if (underPressure()) return 'memory';
    const w: Waiting<T> = { low, deadline, bytes, owner, item, since: now };
    return this.room.hold(w) ? w : 'full';
  }

  /**
   * Why no record would wait whatever it is ('off', or 'untraced' when no trace receiver feeds the
   * index and no trace ever came), else undefined: a caller asks before it works out hold()'s
   * arguments, which cost more than the rest of a record's join.
   */
  neverHolds(): NoWait | undefined {
    if (!this.cfg.enabled || this.cfg.wait === 0) return 'off';
    if (this.feeders === 0 && !this.recent.tracedEver) return 'untraced';
    return undefined;
  }

  private countReleases(items: readonly Waiting<unknown>[]): void {
    const by = new Map<ReleaseReason, number>();
    const now = Date.now();
    const labels = { extension: this.set.id };
    for (const w of items) {
      by.set(w.why!, (by.get(w.why!) ?? 0) + 1);
      if (w.why === 'trace') this.waited.observe(labels, (now - w.since) / 1000);
    }
    for (const [reason, n] of by) this.released.inc({ extension: this.set.id, reason }, n);
  }
}

/** Started indexes by host: the ones its trace receivers feed. */
const byHost = new WeakMap<Host, Set<TraceIndex>>();

/** The started indexes of a host (a live set: it follows later starts and shutdowns). */
export function indexesOf(host: Host): Set<TraceIndex> {
  let s = byHost.get(host);
  if (!s) byHost.set(host, (s = new Set()));
  return s;
}

/** Indexes by metrics registry, so one gauge callback reports every index of a collector. */
const byRegistry = new WeakMap<Metrics, Set<TraceIndex>>();

function gaugesOf(metrics: Metrics): Set<TraceIndex> {
  let all = byRegistry.get(metrics);
  if (!all) {
    const set = new Set<TraceIndex>();
    byRegistry.set(metrics, (all = set));
    const each = (name: string, help: string, read: (i: TraceIndex) => number) =>
      metrics.gauge(name, help, ['extension'], (g) => {
        g.reset();
        for (const i of set) g.set({ extension: i.id }, read(i));
      });
    each('otelcol_trace_index_traces', 'Traces remembered (low 64 bits → full id)', (i) => i.recent.size);
    each('otelcol_trace_index_waiting_log_records', 'Log records waiting for their trace', (i) => i.room.size);
    each('otelcol_trace_index_waiting_bytes', 'Estimated memory of the log records waiting for their trace', (i) => i.room.bytes);
  }
  return all;
}
