import assert from 'node:assert/strict';
import type { Consumer } from '../consumer/consumer';
import { PermanentError, RefusedError } from '../consumer/errors';
import { Metrics } from '../telemetry/metrics';
import type { RetryConfig } from '../exporterhelper/config';
import { deliverWithBackoff } from './deliver';
import { ObsReport } from './obsreport';
import { collected } from '../../test/helpers/gc';

/** Fails with the given errors in turn, then accepts. */
function failing(errors: Error[]): Consumer<number> & { calls: number } {
  return {
    calls: 0,
    async consume() {
      const err = errors[this.calls++];
      if (err) throw err;
    },
  };
}

const FAST: RetryConfig = { enabled: true, initial_interval: 4, max_interval: 40, max_elapsed_time: 0, multiplier: 2, randomization_factor: 0.25 };
const mid = () => 0.5; // no jitter: waits are exactly the interval

describe('deliverWithBackoff', () => {
  it('offers the batch again with doubling waits capped at max_interval, and counts each refusal and the acceptance', async () => {
    const metrics = new Metrics();
    const obs = new ObsReport(metrics, 'file_log', 'file', 'logs');
    const c = failing(Array.from({ length: 5 }, () => new Error('queue full')));
    const waits: number[] = [];
    const r = await deliverWithBackoff(c, [1, 2, 3], FAST, undefined, { obs, random: mid, onRetry: (w) => waits.push(w) });
    assert.deepEqual(r, { ok: true, attempts: 6 });
    assert.deepEqual(waits, [4, 8, 16, 32, 40]);
    assert.equal(await metrics.value('otelcol_receiver_refused_log_records_total', { receiver: 'file_log', transport: 'file' }), 15);
    assert.equal(await metrics.value('otelcol_receiver_accepted_log_records_total', { receiver: 'file_log', transport: 'file' }), 3);
  });

  it('jitters each wait by ±randomization_factor', async () => {
    const waits: number[] = [];
    const lo = await deliverWithBackoff(failing([new Error('x')]), [1], { ...FAST, initial_interval: 100, max_interval: 1000 }, undefined, {
      random: () => 0,
      onRetry: (w) => waits.push(w),
    });
    const hi = await deliverWithBackoff(failing([new Error('x')]), [1], { ...FAST, initial_interval: 100, max_interval: 1000 }, undefined, {
      random: () => 1,
      onRetry: (w) => waits.push(w),
    });
    assert.ok(lo.ok && hi.ok);
    assert.deepEqual(waits, [75, 125]);
  });

  it('waits at least a refusal’s Retry-After, still capped by max_interval', async () => {
    const waits: number[] = [];
    await deliverWithBackoff(failing([new RefusedError('memory', 0.05), new RefusedError('memory', 30)]), [1], { ...FAST, max_interval: 60 }, undefined, {
      random: mid,
      onRetry: (w) => waits.push(w),
    });
    assert.deepEqual(waits, [50, 60]);
  });

  it('gives a permanent error up at once, and a retryable one when retries are off', async () => {
    const perm = failing([new PermanentError('bad')]);
    const r = await deliverWithBackoff(perm, [1], FAST);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.reason, 'permanent');
    assert.equal(perm.calls, 1);
    const off = failing([new Error('busy')]);
    const r2 = await deliverWithBackoff(off, [1], { ...FAST, enabled: false });
    assert.deepEqual([!r2.ok && r2.reason, off.calls], ['exhausted', 1]);
  });

  it('gives up at the first failure past max_elapsed_time', async () => {
    let clock = 0;
    const c: Consumer<number> = {
      async consume() {
        clock += 400; // each attempt takes 400 ms of the budget
        throw new Error('down');
      },
    };
    const r = await deliverWithBackoff(c, [1], { ...FAST, max_elapsed_time: 1000 }, undefined, { random: mid, now: () => clock });
    assert.equal(r.ok, false);
    assert.deepEqual([!r.ok && r.reason, r.attempts], ['exhausted', 3]);
  });

  it('stops waiting when aborted and reports the batch interrupted', async () => {
    const ac = new AbortController();
    const c = failing([new Error('down')]);
    const pending = deliverWithBackoff(c, [1], { ...FAST, initial_interval: 60_000, max_interval: 60_000 }, ac.signal, {
      onRetry: () => ac.abort(),
    });
    const r = await pending;
    assert.deepEqual([r.ok, !r.ok && r.reason, c.calls], [false, 'interrupted', 1]);
  });

  it('makes an Offer anew for each attempt, counts it by its count, and keeps none of its arrays while the consumer works', async () => {
    const metrics = new Metrics();
    const obs = new ObsReport(metrics, 'file_log', 'file', 'logs');
    const made: number[][] = [];
    const offer = { count: 2, make: () => (made.push([made.length, made.length]), made[made.length - 1]) };
    const seen: number[][] = [];
    let refuse = 2;
    let release: (() => void) | undefined;
    let ref: WeakRef<object> | undefined;
    const c: Consumer<number> = {
      consume(batch) {
        seen.push(batch);
        if (refuse-- > 0) return Promise.reject(new Error('queue full'));
        ref = new WeakRef(batch);
        return new Promise<void>((r) => (release = r));
      },
    };
    const pending = deliverWithBackoff(c, offer, FAST, undefined, { obs, random: mid });
    while (release === undefined) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(seen, [[0, 0], [1, 1], [2, 2]], 'each attempt gets the array made for it');
    seen.length = 0;
    made.length = 0;
    assert.ok(await collected(ref!), 'the accepted attempt\'s array is not held by the delivery while the consumer has not answered');
    release!();
    assert.deepEqual(await pending, { ok: true, attempts: 3 });
    assert.equal(await metrics.value('otelcol_receiver_refused_log_records_total', { receiver: 'file_log', transport: 'file' }), 4);
    assert.equal(await metrics.value('otelcol_receiver_accepted_log_records_total', { receiver: 'file_log', transport: 'file' }), 2);
  });
});
