/**
 * The retry stage: runs one send until it is not retryable any more, runs out of time
 * (`max_elapsed_time`) or is interrupted by shutdown. Mirrors the Collector's retry_sender:
 * permanent results are never retried, a throttle delay longer than the backoff wins, and a
 * wait that would pass the deadline gives up instead of sleeping.
 */
import { Backoff, sleep } from './backoff';
import type { RetryConfig } from './config';
import type { ExportResult } from './result';

export interface RetryOptions {
  /** Aborted at shutdown: a pending wait ends and the last (retryable) result is returned. */
  signal?: AbortSignal;
  /** Called before each wait (for the retries metric and debug logs). */
  onRetry?(waitMs: number, message: string): void;
  random?: () => number;
  now?: () => number;
}

/**
 * The result of the last attempt; a retryable one means the retries were used up (or the config
 * disables them) or shutdown interrupted them, which the caller tells apart by its abort signal.
 */
export async function withRetry(attempt: () => Promise<ExportResult>, cfg: RetryConfig | undefined, opts: RetryOptions = {}): Promise<ExportResult> {
  const now = opts.now ?? Date.now;
  const start = now();
  const backoff = cfg && new Backoff(cfg, opts.random);
  for (;;) {
    const r = await attempt();
    if (r.kind !== 'retryable' || !cfg?.enabled || !backoff || opts.signal?.aborted) return r;
    let wait = backoff.next();
    if (r.throttleMs !== undefined && r.throttleMs > wait) wait = r.throttleMs;
    if (cfg.max_elapsed_time > 0 && now() - start + wait > cfg.max_elapsed_time) {
      return { kind: 'retryable', message: `no more retries left: ${r.message}` };
    }
    opts.onRetry?.(wait, r.message);
    if (!(await sleep(wait, opts.signal))) return r;
  }
}
