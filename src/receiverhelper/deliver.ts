/**
 * Offering a batch downstream until the pipeline takes it, for receivers whose source can wait
 * (a file is its own durable buffer): jittered backoff from exporterhelper's Backoff, a refusal's
 * Retry-After honoured, a total time limit, and an abort for shutdown.
 */
import type { Consumer } from '../consumer/consumer';
import { isPermanent, RefusedError } from '../consumer/errors';
import { Backoff, sleep } from '../exporterhelper/backoff';
import type { RetryConfig } from '../exporterhelper/config';
import type { ObsReport } from './obsreport';

export type DeliverOutcome =
  | { ok: true; attempts: number }
  | { ok: false; attempts: number; reason: 'permanent' | 'exhausted' | 'interrupted'; error: unknown };

/**
 * A batch made anew for each attempt. The attempt's array is held only by the pipeline while it
 * works on it, not by the caller for the time the pipeline takes to acknowledge (with ack after
 * export, until the export's answer): the caller keeps only what it is made from.
 */
export interface Offer<T> {
  /** How many items each make() gives. */
  readonly count: number;
  make(): T[];
}

export interface DeliverOptions {
  /** Counts the batch accepted once, and refused at every failed attempt. */
  obs?: ObsReport;
  /** Called before each wait (for a rate-limited log line). */
  onRetry?(waitMs: number, err: unknown): void;
  random?: () => number;
  now?: () => number;
}

/**
 * Resolves when `consumer` accepted `batch` (`ok`), or gave it up: a permanent error, retries
 * disabled or past `max_elapsed_time` (`permanent`/`exhausted`: the caller drops and counts), or
 * `signal` aborted during a wait (`interrupted`: the caller offers it again after a restart). An
 * Offer is made again for each attempt.
 * Unlike an exporter's retry (exporterhelper/retry.ts), a Retry-After is capped by `max_interval`
 * and the time limit is checked at each failure, not before each wait: a source that can wait
 * keeps trying up to the limit.
 */
export async function deliverWithBackoff<T>(
  consumer: Consumer<T>,
  batch: T[] | Offer<T>,
  retry: RetryConfig,
  signal?: AbortSignal,
  opts: DeliverOptions = {},
): Promise<DeliverOutcome> {
  const now = opts.now ?? Date.now;
  const began = now();
  const backoff = new Backoff(retry, opts.random);
  const count = Array.isArray(batch) ? batch.length : batch.count;
  for (let attempts = 1; ; attempts++) {
    try {
      await offer(consumer, batch);
      opts.obs?.accept(count);
      return { ok: true, attempts };
    } catch (error) {
      opts.obs?.refuse(count);
      if (isPermanent(error)) return { ok: false, attempts, reason: 'permanent', error };
      if (!retry.enabled || (retry.max_elapsed_time > 0 && now() - began >= retry.max_elapsed_time)) {
        return { ok: false, attempts, reason: 'exhausted', error };
      }
      let wait = backoff.next();
      if (error instanceof RefusedError) wait = Math.max(wait, error.retryAfterSeconds * 1000);
      wait = Math.min(wait, retry.max_interval);
      opts.onRetry?.(wait, error);
      if (!(await sleep(wait, signal))) return { ok: false, attempts, reason: 'interrupted', error };
    }
  }
}

/** One attempt, in a frame of its own: an Offer's array is not kept by the caller's awaiting frame. */
function offer<T>(consumer: Consumer<T>, batch: T[] | Offer<T>): Promise<void> {
  return consumer.consume(Array.isArray(batch) ? batch : batch.make());
}
