/** The batch processor: groups items by size or timeout and acknowledges each caller once its items were accepted downstream. */
import type { Processor } from '../../src/component/component';
import type { Consumer } from '../../src/consumer/consumer';
import type { Config } from './config';

interface Waiter {
  /** Items of this caller still in the buffer. */
  buffered: number;
  /** Outgoing batches holding items of this caller that have not settled yet. */
  inflight: number;
  failed: boolean;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Groups items into batches by size or timeout. Unlike the Collector's batch processor it
 * does not acknowledge on arrival: each caller's promise settles when every batch holding its
 * items was accepted downstream, so a file reader commits offsets only for delivered lines.
 */
export class Batcher<T> implements Processor<T> {
  private items: T[] = [];
  private owners: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inflight = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly next: Consumer<T>,
    private readonly cfg: Config,
  ) {}

  async start(): Promise<void> {}

  consume(batch: T[]): Promise<void> {
    if (batch.length === 0) return Promise.resolve();
    if (this.stopped) return this.next.consume(batch);
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = { buffered: batch.length, inflight: 0, failed: false, resolve, reject };
      for (const item of batch) {
        this.items.push(item);
        this.owners.push(w);
      }
      while (this.items.length >= this.cfg.send_batch_size) this.flush();
      if (this.items.length > 0 && !this.timer) this.timer = setTimeout(() => this.flushAll(), this.cfg.timeout);
    });
  }

  private flushAll(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.items.length > 0) this.flush();
  }

  private flush(): void {
    const n = Math.min(this.items.length, this.cfg.send_batch_max_size || Infinity);
    const items = this.items.splice(0, n);
    const cut = this.owners.splice(0, n);
    if (this.items.length === 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const owners = new Set(cut);
    for (const w of cut) w.buffered--;
    for (const w of owners) w.inflight++;
    let sent: Promise<void>;
    try {
      sent = this.next.consume(items);
    } catch (err) {
      // A consumer that throws instead of rejecting must still settle every owner of these items.
      sent = Promise.reject(err);
    }
    const p = sent.then(
      () => {
        for (const w of owners) {
          w.inflight--;
          if (w.buffered === 0 && w.inflight === 0 && !w.failed) w.resolve();
        }
      },
      (err) => {
        for (const w of owners) {
          w.inflight--;
          if (!w.failed) {
            w.failed = true;
            w.reject(err);
          }
        }
      },
    );
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    this.flushAll();
    await Promise.allSettled([...this.inflight]);
  }
}
