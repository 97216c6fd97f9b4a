/**
 * The otlp_http exporter: encodes each batch once (src/otlp/encode.ts, optional gzip), puts
 * it on a per-signal sending queue (in memory or persistent), and lets the queue's consumers
 * send it with retries. With the queue disabled, the caller waits for the send result.
 */
import { promisify } from 'node:util';
import { gzip, gzipSync } from 'node:zlib';
import { isStorageExtension, type CreateSettings, type Exporter, type Host } from '../../src/component/component';
import type { LogRecord, Signal, Span } from '../../src/consumer/consumer';
import { errorMessage, PermanentError } from '../../src/consumer/errors';
import { exporterMetrics, type ExporterMetrics } from '../../src/exporterhelper/metrics';
import { MemoryQueue, PersistentQueue, type Queue } from '../../src/exporterhelper/queue';
import { sendWithRetry, type RetryOutcome } from '../../src/exporterhelper/retry';
import { QueueFullError, QueueSender, type SendResult } from '../../src/exporterhelper/sender';
import { encodeLogs, encodeSpans } from '../../src/otlp/encode';
import { RateLimitedLog } from '../../src/telemetry/logger';
import { signalUrl, type Config } from './config';
import { requestCodec, type ExportRequest } from './request';
import { Transport } from './transport';

const gzipAsync = promisify(gzip);
/** Level 1: about a quarter of the default level's CPU for nearly the same size on OTLP payloads. */
const GZIP_OPTIONS = { level: 1 };
/**
 * Bodies up to this size are compressed inline: a 512-span batch (~330 KB) takes ~1 ms, and the
 * thread-pool round trip costs ~0.3 ms more CPU per batch than the compression it hands off.
 * Larger bodies go to the pool so that one huge batch does not stall the event loop.
 */
export const INLINE_GZIP_MAX = 1024 * 1024;

interface SignalPipe {
  url: string;
  metrics: ExporterMetrics;
  sender?: QueueSender<ExportRequest>;
}

export class OtlpHttpExporter implements Exporter {
  readonly traces?: { consume(batch: Span[]): Promise<void> };
  readonly logs?: { consume(batch: LogRecord[]): Promise<void> };
  private transport?: Transport;
  private readonly pipes = new Map<Signal, SignalPipe>();
  private readonly warn: RateLimitedLog;
  private readonly abort = new AbortController();
  private state: 'new' | 'started' | 'stopped' = 'new';

  constructor(
    private readonly set: CreateSettings,
    private readonly cfg: Config,
    signals: Signal[],
  ) {
    this.warn = new RateLimitedLog(set.logger);
    for (const s of signals) {
      this.pipes.set(s, { url: signalUrl(cfg, s), metrics: exporterMetrics(set.metrics, set.id, s) });
    }
    if (signals.includes('traces')) this.traces = { consume: (b) => this.consume('traces', b, (x) => encodeSpans(x, cfg.encoding)) };
    if (signals.includes('logs')) this.logs = { consume: (b) => this.consume('logs', b, (x) => encodeLogs(x, cfg.encoding)) };
  }

  async start(host: Host): Promise<void> {
    if (this.state !== 'new') return;
    try {
      this.transport = new Transport(this.cfg);
    } catch (err) {
      throw new Error(`exporters::${this.set.id}::${(err as Error).message}`);
    }
    const q = this.cfg.sending_queue;
    for (const [signal, pipe] of this.pipes) {
      if (!q.enabled) continue;
      const queue = await this.makeQueue(host, signal);
      pipe.metrics.queueCapacity(q.queue_size);
      pipe.sender = new QueueSender<ExportRequest>({
        queue,
        numConsumers: q.num_consumers,
        blockOnOverflow: q.block_on_overflow,
        blockTimeoutMs: this.cfg.timeout,
        send: (req, signal) => this.send(req, signal),
        onAbandoned: (req) => {
          pipe.metrics.sendFailed(req.items);
          this.set.logger.error({ signal: req.signal, items: req.items }, 'Shutdown deadline passed; dropping queued data.');
        },
        onSizeChange: (n) => pipe.metrics.queueSize(n),
      });
      await pipe.sender.start();
    }
    this.state = 'started';
  }

  async shutdown(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.abort.abort();
    await Promise.all([...this.pipes.values()].map((p) => p.sender?.shutdown(this.cfg.timeout)));
    this.transport?.close();
  }

  private async makeQueue(host: Host, signal: Signal): Promise<Queue<ExportRequest>> {
    const q = this.cfg.sending_queue;
    if (!q.storage) return new MemoryQueue<ExportRequest>(q.queue_size);
    const ext = host.getExtension(q.storage);
    if (!isStorageExtension(ext)) {
      throw new Error(`exporters::${this.set.id}::sending_queue::storage: no storage extension "${q.storage}" is configured`);
    }
    const client = await ext.client('exporter', this.set.id, signal);
    return new PersistentQueue(q.queue_size, client, requestCodec, this.set.logger);
  }

  private async consume<T>(signal: Signal, batch: T[], encode: (b: T[]) => Uint8Array): Promise<void> {
    if (batch.length === 0) return;
    const pipe = this.pipes.get(signal)!;
    if (this.state !== 'started') throw new Error(`exporter ${this.set.id} is not running`);
    const gz = this.cfg.compression === 'gzip';
    let body: Buffer;
    try {
      const raw = encode(batch);
      body = !gz
        ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)
        : raw.length <= INLINE_GZIP_MAX
          ? gzipSync(raw, GZIP_OPTIONS)
          : await gzipAsync(raw, GZIP_OPTIONS);
    } catch (err) {
      // The same batch would fail the same way again: retrying it would block its sender forever.
      throw new PermanentError(`${this.set.id}: cannot encode ${batch.length} ${signal === 'traces' ? 'spans' : 'log records'}: ${errorMessage(err)}`);
    }
    const req: ExportRequest = { signal, encoding: this.cfg.encoding, gzip: gz, items: batch.length, body };
    if (!pipe.sender) {
      const out = await this.deliver(req, this.abort.signal);
      if (out.ok) return;
      throw out.reason === 'permanent' ? new PermanentError(out.message) : new Error(out.message);
    }
    try {
      await pipe.sender.offer(req);
    } catch (err) {
      if (err instanceof QueueFullError) {
        pipe.metrics.enqueueFailed(batch.length);
        this.warn.warn('queue-full', { signal, items: batch.length }, 'Dropping data because sending queue is full.');
      }
      throw err;
    }
  }

  /** Sends with retries for the queue: the request's outcome, metrics and logs. */
  private async send(req: ExportRequest, signal: AbortSignal): Promise<SendResult> {
    const outcome = await this.deliver(req, signal);
    if (outcome.ok) return 'delivered';
    return outcome.reason === 'interrupted' ? 'interrupted' : 'dropped';
  }

  private async deliver(req: ExportRequest, signal: AbortSignal): Promise<RetryOutcome> {
    const pipe = this.pipes.get(req.signal)!;
    const transport = this.transport!;
    let last: Awaited<ReturnType<Transport['send']>> | undefined;
    const outcome = await sendWithRetry(
      async () => (last = await transport.send(pipe.url, req)),
      this.cfg.retry_on_failure,
      {
        signal,
        onRetry: (waitMs, message) => {
          pipe.metrics.retry();
          this.set.logger.debug({ signal: req.signal, waitMs, err: message }, 'Export failed; will retry.');
        },
      },
    );
    if (outcome.ok) {
      pipe.metrics.sent(req.items);
      if (last?.ok && last.partial) {
        this.warn.warn('partial', { signal: req.signal, rejected: last.partial.rejected, message: last.partial.message }, 'Partial success response.');
      }
      return outcome;
    }
    // A persistent queue keeps an interrupted request for the next run: not a failure yet.
    if (outcome.reason !== 'interrupted' || !pipe.sender?.persistent) pipe.metrics.sendFailed(req.items);
    if (outcome.reason === 'interrupted' && pipe.sender && !pipe.sender.persistent) {
      // Shutdown ended the retries of an in-memory request: it is gone, so say so (counted above).
      this.set.logger.error({ signal: req.signal, items: req.items, attempts: outcome.attempts, err: outcome.message }, 'Shutting down; the data could not be sent and is dropped.');
    }
    if (outcome.reason !== 'interrupted') {
      this.warn.warn(
        `drop-${outcome.reason}`,
        { signal: req.signal, items: req.items, attempts: outcome.attempts, err: outcome.message },
        outcome.reason === 'permanent' ? 'Exporting failed; the data is dropped (not retryable).' : 'Exporting failed; no more retries left, the data is dropped.',
      );
    }
    return outcome;
  }
}
