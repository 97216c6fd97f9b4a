/**
 * The sending queue: `num_consumers` workers take requests from a bounded queue and hand
 * each to `send` (which retries). When the queue is full a caller is refused at once, or with
 * `block_on_overflow` waits for room up to `blockTimeoutMs` and is then refused; the refusal
 * is a RefusedError so receivers answer 503 + Retry-After instead of silently losing data.
 */
import { RefusedError } from '../consumer/errors';
import type { Queue } from './queue';

/** What became of one request: delivered, dropped for good, or cut short by shutdown. */
export type SendResult = 'delivered' | 'dropped' | 'interrupted';

export interface QueueSenderOptions<T> {
  queue: Queue<T>;
  numConsumers: number;
  blockOnOverflow: boolean;
  blockTimeoutMs: number;
  /** `signal` aborts at shutdown: pending retry waits end and the request reports `interrupted`. */
  send(item: T, signal: AbortSignal): Promise<SendResult>;
  /** Called for requests still queued in memory when the shutdown deadline passes. */
  onAbandoned?(item: T): void;
  onSizeChange?(size: number): void;
}

export class QueueFullError extends RefusedError {
  constructor() {
    super('sending queue is full', 1);
    this.name = 'QueueFullError';
  }
}

export class QueueSender<T> {
  private readonly abort = new AbortController();
  private workers: Promise<void>[] = [];
  private started = false;
  private stopped = false;

  constructor(private readonly o: QueueSenderOptions<T>) {}

  get size(): number {
    return this.o.queue.size;
  }

  get persistent(): boolean {
    return this.o.queue.persistent;
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.o.queue.open();
    this.o.onSizeChange?.(this.size);
    for (let i = 0; i < this.o.numConsumers; i++) this.workers.push(this.work());
  }

  /** Enqueues or throws QueueFullError (a retryable refusal). */
  async offer(item: T): Promise<void> {
    if (this.stopped) throw new RefusedError('exporter is shutting down', 1);
    const q = this.o.queue;
    if (await q.tryPut(item)) return this.o.onSizeChange?.(this.size);
    if (!this.o.blockOnOverflow) throw new QueueFullError();
    const deadline = Date.now() + this.o.blockTimeoutMs;
    while (!this.stopped) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([q.whenSpace(), new Promise((r) => (timer = setTimeout(r, left)))]);
      clearTimeout(timer);
      if (await q.tryPut(item)) return this.o.onSizeChange?.(this.size);
    }
    throw new QueueFullError();
  }

  /**
   * Stops taking new data and ends retry waits. An in-memory queue keeps sending what it
   * holds (one attempt each) until `deadlineMs`; a persistent queue leaves it on disk.
   */
  async shutdown(deadlineMs: number): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort();
    const q = this.o.queue;
    q.close(!q.persistent);
    if (!this.started) return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      Promise.all(this.workers).then(() => false),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(true), deadlineMs))),
    ]);
    clearTimeout(timer);
    if (timedOut && !q.persistent) {
      // Workers stop at their next take; what is left in memory is reported as lost.
      q.close(false);
      for (const item of q.abandon()) this.o.onAbandoned?.(item);
    }
  }

  private async work(): Promise<void> {
    const q = this.o.queue;
    for (;;) {
      const entry = await q.take();
      if (!entry) return;
      let result: SendResult;
      try {
        result = await this.o.send(entry.item, this.abort.signal);
      } catch {
        result = 'dropped';
      }
      // An interrupted request in a persistent queue keeps its entry and is sent after restart.
      if (result === 'interrupted' && q.persistent) continue;
      await q.done(entry).catch(() => undefined);
      this.o.onSizeChange?.(this.size);
    }
  }
}
