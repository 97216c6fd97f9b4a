/**
 * Jittered exponential backoff with the Collector's semantics (configretry / retry_sender):
 * wait = interval × (1 ± randomization), interval grows by `multiplier` up to `max_interval`,
 * and a server's throttle delay (Retry-After) replaces the wait when it is longer.
 */
import type { RetryConfig } from './config';

export class Backoff {
  private interval: number;
  constructor(
    private readonly cfg: RetryConfig,
    private readonly random: () => number = Math.random,
  ) {
    this.interval = cfg.initial_interval;
  }

  /** The next wait in ms. */
  next(): number {
    const delta = this.cfg.randomization_factor * this.interval;
    const min = this.interval - delta;
    const wait = min + this.random() * (2 * delta);
    this.interval = Math.min(this.interval * this.cfg.multiplier, this.cfg.max_interval);
    return Math.max(0, Math.round(wait));
  }
}

/**
 * `Retry-After` as integer seconds or an HTTP date (RFC 9110), in ms from `nowMs`;
 * undefined when absent or unparseable.
 */
export function parseRetryAfter(header: string | undefined, nowMs = Date.now()): number | undefined {
  if (!header) return undefined;
  const t = header.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const date = Date.parse(t);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Sleeps `ms`, resolving early (with false) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
