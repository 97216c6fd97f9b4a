/**
 * The sending chain every exporter shares, connected once (the Collector's base_exporter):
 * encode → queue (optional) → retry → send, with the exporter metrics and logs in one place.
 * An exporter supplies `encode` (a batch → its request) and `send` (one attempt → ExportResult).
 *
 * Acknowledgement: `consume` resolves once the request was delivered, with no queue and with an
 * in-memory queue alike (end-to-end: a file reader commits its offset, an HTTP sender gets its
 * 200, only for data the backend took; the queue then bounds how much waits for an answer), or
 * once it was written to storage, for a persistent queue (it survives a crash from there on). It
 * rejects with a PermanentError when the batch cannot be encoded or the backend refuses it for
 * good, and with a retryable error when the retries ran out, shutdown cut them short, or the
 * queue is full (QueueFullError, a RefusedError, so receivers answer 503 + Retry-After).
 */
import { isStorageExtension, type CreateSettings, type Exporter, type Host } from '../component/component';
import type { Consumer, LogRecord, Signal, Span } from '../consumer/consumer';
import { errorMessage, PermanentError } from '../consumer/errors';
import { RateLimitedLog } from '../telemetry/logger';
import { BackendState } from './backend';
import type { QueueConfig, RetryConfig } from './config';
import { exporterMetrics, type ExporterMetrics } from './metrics';
import { MemoryQueue, PersistentQueue, type Queue, type QueueCodec } from './queue';
import { resultError, type ExportResult } from './result';
import { withRetry } from './retry';
import { QueueFullError, QueueSender } from './sender';

/** One batch of either signal; `encode` tells them apart by `signal`. */
export type Batch = { signal: 'traces'; items: Span[] } | { signal: 'logs'; items: LogRecord[] };

/** What the chain reads of a request: how many items it carries (for the metrics and logs). */
export interface Request {
  readonly items: number;
}

export interface ExporterSpec<R extends Request> {
  set: CreateSettings;
  signals: Signal[];
  /** A batch → the request `send` takes. Throwing makes the batch permanent: the same batch would fail again. */
  encode(batch: Batch): R | Promise<R>;
  /** One attempt; `abort` fires at shutdown (an attempt may finish; retry waits end). */
  send(req: R, abort: AbortSignal): Promise<ExportResult>;
  /** `retry_on_failure`; absent: one attempt. */
  retry?: RetryConfig;
  /** `sending_queue`; absent or disabled: the caller waits for the send. */
  queue?: QueueConfig;
  /**
   * Called once the chain is done with a request for good (delivered or dropped, every retry
   * over), so its buffers can be reused; not for a request a persistent queue holds.
   */
  release?(req: R): void;
  /** How a persistent queue (`sending_queue::storage`) stores a request. */
  codec?: QueueCodec<R>;
  /** How long a caller blocked on a full queue waits, and how long shutdown drains an in-memory queue (ms). */
  timeoutMs: number;
  /** The exporter's own resources (connections, a file): started before the queues... */
  start?(host: Host): Promise<void>;
  /** ...and released after they drained. */
  shutdown?(): Promise<void>;
}

interface Pipe<R> {
  signal: Signal;
  metrics: ExporterMetrics;
  backend: BackendState;
  sender?: QueueSender<R>;
}

/** An Exporter with a consumer for each of `spec.signals`. */
export function newExporter<R extends Request>(spec: ExporterSpec<R>): Exporter {
  return new ChainExporter(spec);
}

class ChainExporter<R extends Request> implements Exporter {
  readonly traces?: Consumer<Span>;
  readonly logs?: Consumer<LogRecord>;
  private readonly pipes = new Map<Signal, Pipe<R>>();
  private readonly warn: RateLimitedLog;
  private readonly abort = new AbortController();
  private state: 'new' | 'starting' | 'started' | 'stopped' = 'new';

  constructor(private readonly spec: ExporterSpec<R>) {
    this.warn = new RateLimitedLog(spec.set.logger);
    for (const signal of spec.signals) {
      const metrics = exporterMetrics(spec.set.metrics, spec.set.id, signal);
      this.pipes.set(signal, { signal, metrics, backend: new BackendState(spec.set, signal, metrics) });
    }
    if (this.pipes.has('traces')) this.traces = { consume: (items) => this.consume({ signal: 'traces', items }) };
    if (this.pipes.has('logs')) this.logs = { consume: (items) => this.consume({ signal: 'logs', items }) };
  }

  async start(host: Host): Promise<void> {
    if (this.state !== 'new') return;
    // From here on shutdown releases what start opened, also when start fails half way.
    this.state = 'starting';
    await this.spec.start?.(host);
    const q = this.spec.queue;
    if (q?.enabled) {
      for (const pipe of this.pipes.values()) {
        pipe.metrics.queueCapacity(q.queue_size);
        pipe.sender = new QueueSender<R>({
          queue: await this.makeQueue(host, q, pipe.signal),
          numConsumers: q.num_consumers,
          blockOnOverflow: q.block_on_overflow,
          blockTimeoutMs: this.spec.timeoutMs,
          send: (req, abort) => this.deliver(pipe, req, abort),
          // A persistent queue may send a request again after a restart: its requests are not reused.
          onDone: q.storage ? undefined : (req) => this.spec.release?.(req),
          onAbandoned: (req) => {
            pipe.metrics.sendFailed(req.items, false);
            this.spec.set.logger.error({ signal: pipe.signal, items: req.items }, 'Shutdown deadline passed; dropping queued data');
          },
          onSizeChange: (n) => pipe.metrics.queueSize(n),
        });
        await pipe.sender.start();
      }
    }
    // Once the collector begins to shut down, callers waiting for a delivery must be answered
    // (one more attempt, no retry waits), or the stages in front would wait for them in vain.
    if (host.stopping?.aborted) this.stopRetrying();
    else host.stopping?.addEventListener('abort', () => this.stopRetrying(), { once: true });
    this.state = 'started';
  }

  private stopRetrying(): void {
    this.abort.abort();
    for (const pipe of this.pipes.values()) pipe.sender?.stopRetrying();
  }

  /** Safe before start (nothing to release; a later start still works) and when called twice. */
  async shutdown(): Promise<void> {
    if (this.state === 'new' || this.state === 'stopped') return;
    this.state = 'stopped';
    this.abort.abort();
    await Promise.all([...this.pipes.values()].map((p) => p.sender?.shutdown(this.spec.timeoutMs)));
    await this.spec.shutdown?.();
  }

  private async makeQueue(host: Host, q: QueueConfig, signal: Signal): Promise<Queue<R>> {
    if (!q.storage) return new MemoryQueue<R>(q.queue_size);
    const ext = host.getExtension(q.storage);
    if (!isStorageExtension(ext)) throw new Error(`sending_queue::storage: no storage extension "${q.storage}" is configured`);
    if (!this.spec.codec) throw new Error(`sending_queue::storage: this exporter cannot store its requests`);
    const client = await ext.client('exporter', this.spec.set.id, signal);
    return new PersistentQueue(q.queue_size, client, this.spec.codec, this.spec.set.logger);
  }

  private async consume(batch: Batch): Promise<void> {
    const n = batch.items.length;
    if (n === 0) return;
    const pipe = this.pipes.get(batch.signal)!;
    if (this.state !== 'started') throw new Error(`exporter ${this.spec.set.id} is not running`);
    let req: R;
    try {
      req = await this.spec.encode(batch);
    } catch (err) {
      pipe.metrics.sendFailed(n, true);
      // The same batch would fail the same way again: retrying it would block its sender forever.
      throw new PermanentError(`${this.spec.set.id}: cannot encode ${n} ${batch.signal === 'traces' ? 'spans' : 'log records'}: ${errorMessage(err)}`);
    }
    // Returned, not awaited: this frame ends here and lets go of the batch, whose items (and the
    // buffers they were written in) are not needed once encoded, while the send may take a while.
    return this.ship(pipe, req);
  }

  /** Sends an encoded request, through the queue when there is one. */
  private async ship(pipe: Pipe<R>, req: R): Promise<void> {
    if (!pipe.sender) {
      let r: ExportResult;
      try {
        r = await this.deliver(pipe, req, this.abort.signal);
      } finally {
        this.spec.release?.(req);
      }
      if (r.kind === 'ok') return;
      throw resultError(r);
    }
    try {
      await pipe.sender.offer(req, { ackOnExport: !pipe.sender.persistent });
    } catch (err) {
      if (err instanceof QueueFullError) {
        pipe.metrics.enqueueFailed(req.items);
        this.warn.warn('queue-full', { signal: pipe.signal, items: req.items }, 'Dropping data because the sending queue is full');
      }
      throw err;
    }
  }

  /** Retries one request until it is settled, and reports the outcome in metrics and logs. */
  private async deliver(pipe: Pipe<R>, req: R, abort: AbortSignal): Promise<ExportResult> {
    const { logger } = this.spec.set;
    const signal = pipe.signal;
    let attempts = 1;
    const attempt = async (): Promise<ExportResult> => {
      const a = await this.spec.send(req, abort);
      // An attempt shutdown cut short says nothing about the backend.
      if (!(a.kind === 'retryable' && abort.aborted)) pipe.backend.observe(a);
      return a;
    };
    const r = await withRetry(attempt, this.spec.retry, {
      signal: abort,
      onRetry: (waitMs, err) => {
        attempts++;
        pipe.metrics.retry();
        logger.debug({ signal, waitMs, err }, 'Export failed; will retry');
      },
    });
    if (r.kind === 'ok') {
      pipe.metrics.sent(req.items);
      if (r.partial) this.warn.warn('partial', { signal, rejected: r.partial.rejected, message: r.partial.message }, 'Partial success response');
      return r;
    }
    const interrupted = r.kind === 'retryable' && abort.aborted;
    // A persistent queue keeps an interrupted request for the next run: not a failure yet.
    if (interrupted && pipe.sender?.persistent) return r;
    pipe.metrics.sendFailed(req.items, r.kind === 'permanent');
    const fields = { signal, items: req.items, attempts, err: r.message };
    if (!interrupted) {
      const msg = r.kind === 'permanent' ? 'Exporting failed; the data is dropped (not retryable)' : 'Exporting failed; no more retries left, the data is dropped';
      this.warn.warn(`drop-${r.kind}`, fields, msg);
    } else if (pipe.sender) {
      // Shutdown ended the retries of an in-memory request: it is gone, so say so (counted above).
      logger.error(fields, 'Shutting down; the data could not be sent and is dropped');
    }
    return r;
  }
}
