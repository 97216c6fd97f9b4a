import assert from 'node:assert/strict';
import { defaults } from '../config/schema';
import { Backoff, parseRetryAfter } from './backoff';
import { retryConfig, type RetryConfig } from './config';
import type { ExportResult } from './result';
import { withRetry } from './retry';

const cfg = (over: Partial<RetryConfig> = {}): RetryConfig => ({ ...defaults(retryConfig), ...over });

describe('retry_on_failure', () => {
  it('has the Collector defaults', () => {
    assert.deepEqual(defaults(retryConfig), {
      enabled: true,
      initial_interval: 5000,
      max_interval: 30000,
      max_elapsed_time: 300000,
      multiplier: 1.5,
      randomization_factor: 0.5,
    });
  });

  it('backs off exponentially up to max_interval, jittered by ±randomization_factor', () => {
    const lowest = new Backoff(cfg(), () => 0);
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map(() => lowest.next()), [2500, 3750, 5625, 8438, 12656, 15000, 15000]);
    const highest = new Backoff(cfg(), () => 1);
    assert.deepEqual([1, 2, 3].map(() => highest.next()), [7500, 11250, 16875]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    assert.equal(parseRetryAfter('2'), 2000);
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    assert.equal(parseRetryAfter('Wed, 21 Oct 2026 07:28:10 GMT', now), 10000);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(undefined), undefined);
  });

  const script = (...results: ExportResult[]) => {
    let n = 0;
    return { attempt: async () => results[Math.min(n++, results.length - 1)], calls: () => n };
  };
  const fail = (throttleMs?: number): ExportResult => ({ kind: 'retryable', message: 'HTTP 503', throttleMs });

  it('retries retryable failures until success', async () => {
    const s = script(fail(), fail(), { kind: 'ok' });
    const out = await withRetry(s.attempt, cfg({ initial_interval: 1 }));
    assert.deepEqual(out, { kind: 'ok' });
    assert.equal(s.calls(), 3);
  });

  it('never retries a permanent failure', async () => {
    const s = script({ kind: 'permanent', message: 'HTTP 400: bad' });
    const out = await withRetry(s.attempt, cfg({ initial_interval: 1 }));
    assert.equal(s.calls(), 1);
    assert.deepEqual(out, { kind: 'permanent', message: 'HTTP 400: bad' });
  });

  it('waits the server throttle delay when it is longer than the backoff', async () => {
    const waits: number[] = [];
    const s = script(fail(120), { kind: 'ok' });
    const t0 = Date.now();
    await withRetry(s.attempt, cfg({ initial_interval: 1 }), { onRetry: (w) => waits.push(w) });
    assert.deepEqual(waits, [120]);
    assert.ok(Date.now() - t0 >= 115);
  });

  it('gives up when the next wait would pass max_elapsed_time', async () => {
    const s = script(fail());
    const out = await withRetry(s.attempt, cfg({ initial_interval: 20, randomization_factor: 0, multiplier: 2, max_elapsed_time: 100 }));
    // waits 20 + 40 fit in 100 ms; the next (80) would not
    assert.equal(s.calls(), 3);
    assert.deepEqual(out, { kind: 'retryable', message: 'no more retries left: HTTP 503' });
  });

  it('makes one attempt when disabled or not configured, and stops waiting when shutdown aborts', async () => {
    const once = script(fail());
    assert.equal((await withRetry(once.attempt, cfg({ enabled: false }))).kind, 'retryable');
    assert.equal(once.calls(), 1);
    const none = script(fail());
    await withRetry(none.attempt, undefined);
    assert.equal(none.calls(), 1);
    const ac = new AbortController();
    const s = script(fail());
    setTimeout(() => ac.abort(), 30);
    const t0 = Date.now();
    const out = await withRetry(s.attempt, cfg({ initial_interval: 60000 }), { signal: ac.signal });
    assert.ok(Date.now() - t0 < 5000);
    assert.deepEqual(out, fail(), 'the last result, which the caller tells from exhaustion by its aborted signal');
    assert.equal(s.calls(), 1);
  });
});
