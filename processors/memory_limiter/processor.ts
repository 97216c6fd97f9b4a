/** The memory_limiter processor: refuses data, retryably, while the process uses more memory than the soft limit. */
import type { Processor } from '../../src/component/component';
import type { Consumer, Signal } from '../../src/consumer/consumer';
import { RefusedError } from '../../src/consumer/errors';
import type { Logger } from '../../src/telemetry/logger';
import type { Metrics } from '../../src/telemetry/metrics';
import { itemNoun } from '../../src/telemetry/signals';
import { heldBytes, reportPressure } from '../../src/util/pressure';
import { answerReceivers } from './pressure';

export interface MemoryGauge {
  /** Bytes the process uses now. */
  read(): number;
}

export const processMemory: MemoryGauge = { read: () => process.memoryUsage.rss() };

/**
 * Refuses data (retryably) while memory is above the soft limit, so receivers answer 503 and
 * clients back off instead of the process growing until it is killed. Memory is sampled on a
 * timer, not per batch, because reading RSS costs a syscall.
 */
export class MemoryLimiter<T> implements Processor<T> {
  private over = false;
  private timer: NodeJS.Timeout | undefined;
  private unpublish: (() => void) | undefined;
  private readonly refused;
  private readonly accepted;

  constructor(
    private readonly next: Consumer<T>,
    private readonly limits: { hard: number; soft: number },
    private readonly intervalMs: number,
    private readonly opts: { id: string; signal: Signal; logger: Logger; metrics: Metrics; gauge?: MemoryGauge },
  ) {
    const noun = itemNoun(opts.signal);
    this.refused = opts.metrics.counter(`otelcol_processor_memory_limiter_refused_${noun}`, `${noun} refused because memory was above the soft limit`, ['processor']);
    this.accepted = opts.metrics.counter(`otelcol_processor_memory_limiter_accepted_${noun}`, `${noun} accepted by the memory limiter`, ['processor']);
  }

  async start(): Promise<void> {
    this.check();
    this.timer = setInterval(() => this.check(), this.intervalMs);
    this.timer.unref();
    this.unpublish ??= answerReceivers(this);
  }

  /** Whether data is refused now (receivers ask before they decode, see pressure.ts). */
  get refusing(): boolean {
    return this.over;
  }

  /** Exposed for tests and for a first reading at start. */
  check(): void {
    const used = (this.opts.gauge ?? processMemory).read();
    if (used >= this.limits.hard && typeof global.gc === 'function') global.gc();
    const over = used >= this.limits.soft;
    // Buffers that hold data back (log records waiting for their trace) let it go while memory is high.
    const held = heldBytes();
    reportPressure(this, over);
    if (over !== this.over) {
      const mib = (n: number) => Math.round(n / 1048576);
      if (over) this.opts.logger.warn({ used_mib: mib(used), soft_limit_mib: mib(this.limits.soft), released_waiting_mib: mib(held) }, 'Memory usage is above the soft limit; refusing data');
      else this.opts.logger.info({ used_mib: mib(used) }, 'Memory usage is back below the soft limit; accepting data');
      this.over = over;
    }
  }

  consume(batch: T[]): Promise<void> {
    if (this.over) {
      this.refused.inc({ processor: this.opts.id }, batch.length);
      return Promise.reject(new RefusedError('data refused due to high memory usage', 1));
    }
    this.accepted.inc({ processor: this.opts.id }, batch.length);
    return this.next.consume(batch);
  }

  async shutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.unpublish?.();
    this.unpublish = undefined;
    reportPressure(this, false);
  }
}
