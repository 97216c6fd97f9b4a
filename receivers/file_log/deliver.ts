/**
 * Offering one batch downstream until the pipeline accepts it, with jittered backoff while it refuses:
 * file_log's only retry loop, called from one place, shaped like a shared receiver-side delivery helper
 * so that it can give way to one.
 */
import { setTimeout as pause } from 'node:timers/promises';
import type { Consumer } from '../../src/consumer/consumer';
import { isPermanent, RefusedError } from '../../src/consumer/errors';

/** `retry_on_failure`, in milliseconds. */
export interface RetrySettings {
  enabled: boolean;
  initial_interval: number;
  max_interval: number;
  /** 0: retry for as long as it takes. */
  max_elapsed_time: number;
}

export interface DeliveryEvents {
  accepted(items: number): void;
  /** Every refusal, including the last one before giving up. */
  refused(items: number): void;
  retrying(items: number, err: unknown, waitMs: number): void;
  /** Given up: a permanent error, or retries off or spent. */
  dropped(items: number, err: unknown): void;
}

/** True once the batch was accepted or given up; false when `abort` fired first (the batch is neither). */
export async function deliverWithRetry<T>(next: Consumer<T>, batch: T[], retry: RetrySettings, abort: AbortSignal, on: DeliveryEvents): Promise<boolean> {
  const began = Date.now();
  let delay = retry.initial_interval;
  for (;;) {
    try {
      await next.consume(batch);
      on.accepted(batch.length);
      return true;
    } catch (err) {
      on.refused(batch.length);
      if (isPermanent(err) || !retry.enabled || (retry.max_elapsed_time > 0 && Date.now() - began >= retry.max_elapsed_time)) {
        on.dropped(batch.length, err);
        return true;
      }
      let wait = delay * (0.75 + Math.random() * 0.5);
      if (err instanceof RefusedError) wait = Math.max(wait, err.retryAfterSeconds * 1000);
      wait = Math.min(wait, retry.max_interval);
      on.retrying(batch.length, err, wait);
      await pause(wait, undefined, { signal: abort }).catch(() => undefined);
      if (abort.aborted) return false;
      delay = Math.min(delay * 2, retry.max_interval);
    }
  }
}
