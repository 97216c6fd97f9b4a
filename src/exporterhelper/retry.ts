/**
 * The retry decorator: runs one send attempt until it succeeds, fails permanently, runs out
 * of time (`max_elapsed_time`) or is interrupted by shutdown. Mirrors the Collector's
 * retry_sender: permanent errors are never retried, a throttle delay longer than the backoff
 * wins, and a wait that would pass the deadline gives up instead of sleeping.
 */
import { Backoff, sleep } from './backoff';
import type { RetryConfig } from './config';

export type Attempt =
  | { ok: true }
  | { ok: false; permanent: boolean; message: string; throttleMs?: number };

export type RetryOutcome =
  | { ok: true; attempts: number }
  | { ok: false; attempts: number; reason: 'permanent' | 'exhausted' | 'interrupted'; message: string };

export interface RetryOptions {
  /** Aborted at shutdown: a pending wait ends and the item is reported `interrupted`. */
  signal?: AbortSignal;
  /** Called before each wait (for the retries metric and debug logs). */
  onRetry?(waitMs: number, message: string): void;
  random?: () => number;
  now?: () => number;
}

export async function sendWithRetry(
  attempt: () => Promise<Attempt>,
  cfg: RetryConfig,
  opts: RetryOptions = {},
): Promise<RetryOutcome> {
  const now = opts.now ?? Date.now;
  const start = now();
  const backoff = new Backoff(cfg, opts.random);
  for (let n = 1; ; n++) {
    const r = await attempt();
    if (r.ok) return { ok: true, attempts: n };
    if (r.permanent) return { ok: false, attempts: n, reason: 'permanent', message: r.message };
    if (!cfg.enabled) return { ok: false, attempts: n, reason: 'exhausted', message: r.message };
    if (opts.signal?.aborted) return { ok: false, attempts: n, reason: 'interrupted', message: r.message };
    let wait = backoff.next();
    if (r.throttleMs !== undefined && r.throttleMs > wait) wait = r.throttleMs;
    if (cfg.max_elapsed_time > 0 && now() - start + wait > cfg.max_elapsed_time) {
      return { ok: false, attempts: n, reason: 'exhausted', message: `no more retries left: ${r.message}` };
    }
    opts.onRetry?.(wait, r.message);
    if (!(await sleep(wait, opts.signal))) {
      return { ok: false, attempts: n, reason: 'interrupted', message: r.message };
    }
  }
}
