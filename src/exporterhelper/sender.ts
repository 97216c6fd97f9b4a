/**
 * The queue stage: `num_consumers` workers take requests from a bounded queue and hand each to
 * `send` (the retry stage). When the queue is full a caller is refused at once, or with
 * `block_on_overflow` waits for room up to `blockTimeoutMs` and is then refused; the refusal
 * is a RefusedError so receivers answer 503 + Retry-After instead of silently losing data.
 *
 * A caller that asks for `ackOnExport` (Vector's end-to-end acknowledgement) is answered with the
 * request's outcome instead of on enqueue: its entry carries a settle pair that the worker settles
 * once `send` is done (resolved on ok; PermanentError on permanent; a retryable error when the
 * retries ran out or shutdown interrupted them), and shutdown rejects the entries it abandons.
 */
import { errorMessage, RefusedError } from '../consumer/errors';
import { withDeadline } from '../util/deadline';
import type { Queue, QueueEntry, Settle } from './queue';
import { resultError, type ExportResult } from './result';

export interface QueueSenderOptions<T> {
  queue: Queue<T>;
  numConsumers: number;
  blockOnOverflow: boolean;
  blockTimeoutMs: number;
  /**
   * `signal` aborts at shutdown: pending retry waits end. A request whose send ends retryable
   * after that was interrupted: a persistent queue keeps it for the next run.
   */
  send(item: T, signal: AbortSignal): Promise<ExportResult>;
  /** Called for requests still queued in memory when the shutdown deadline passes. */
  onAbandoned?(item: T): void;
  /** An item whose last send settled and that left the queue: nothing reads it again. */
  onDone?(item: T): void;
  onSizeChange?(size: number): void;
}

export interface OfferOptions {
  /**
   * Resolve only once the request was delivered (and reject with its failure). Ignored by a
   * persistent queue: there the durable write is the acknowledgement.
   */
  ackOnExport?: boolean;
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

  /**
   * Enqueues or throws QueueFullError (a retryable refusal). Resolves once queued, or with
   * `ackOnExport` (in memory) once the request was delivered.
   */
  async offer(item: T, opts: OfferOptions = {}): Promise<void> {
    if (!opts.ackOnExport || this.persistent) return this.put(item);
    let settle!: Settle;
    const outcome = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    await this.put(item, settle);
    return outcome;
  }

  private async put(item: T, settle?: Settle): Promise<void> {
    if (this.stopped) throw new RefusedError('exporter is shutting down', 1);
    const q = this.o.queue;
    if (await q.tryPut(item, settle)) return this.o.onSizeChange?.(this.size);
    if (!this.o.blockOnOverflow) throw new QueueFullError();
    const deadline = Date.now() + this.o.blockTimeoutMs;
    while (!this.stopped) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await withDeadline(q.whenSpace(), left);
      if (await q.tryPut(item, settle)) return this.o.onSizeChange?.(this.size);
    }
    throw new QueueFullError();
  }

  /**
   * Ends retry waits now and makes every later send a single attempt, while the queue keeps
   * working: for the time between the start of the collector's shutdown and this stage's own,
   * so that callers waiting for an outcome (ackOnExport) are answered instead of holding up
   * the shutdown of the stages in front.
   */
  stopRetrying(): void {
    this.abort.abort();
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
    const drained = await withDeadline(Promise.all(this.workers), deadlineMs);
    if (!drained && !q.persistent) {
      // Workers stop at their next take; what is left in memory is reported as lost, and a
      // producer still waiting for its outcome is refused (it may offer the data again later).
      q.close(false);
      for (const entry of q.abandon()) {
        this.o.onAbandoned?.(entry.item);
        entry.settle?.reject(new Error('the exporter shut down before this data could be sent'));
      }
    }
  }

  private async work(): Promise<void> {
    const q = this.o.queue;
    for (;;) {
      const entry = await q.take();
      if (!entry) return;
      let result: ExportResult;
      try {
        result = await this.o.send(entry.item, this.abort.signal);
      } catch (err) {
        result = { kind: 'permanent', message: errorMessage(err) };
      }
      // An interrupted request in a persistent queue keeps its entry and is sent after restart.
      if (result.kind === 'retryable' && this.abort.signal.aborted && q.persistent) continue;
      await q.done(entry).catch(() => undefined);
      this.o.onSizeChange?.(this.size);
      settle(entry, result);
      this.o.onDone?.(entry.item);
    }
  }
}

function settle<T>(entry: QueueEntry<T>, r: ExportResult): void {
  if (!entry.settle) return;
  if (r.kind === 'ok') entry.settle.resolve();
  else entry.settle.reject(resultError(r));
}
