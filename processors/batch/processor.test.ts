import assert from 'node:assert/strict';
import { SinkConsumer } from '../../src/consumer/testing';
import { Batcher } from './processor';

const cfg = (over: Partial<{ send_batch_size: number; send_batch_max_size: number; timeout: number }> = {}) => ({
  send_batch_size: 3, send_batch_max_size: 0, timeout: 50, ...over,
});

describe('batch processor', () => {
  it('sends as soon as send_batch_size items are in', async () => {
    const sink = new SinkConsumer<number>();
    const b = new Batcher(sink, cfg({ timeout: 60000 }));
    await Promise.all([b.consume([1, 2]), b.consume([3])]);
    assert.deepEqual(sink.batches, [[1, 2, 3]]);
    await b.shutdown();
  });

  it('sends a partial batch when the timeout passes', async () => {
    const sink = new SinkConsumer<number>();
    const b = new Batcher(sink, cfg());
    const started = Date.now();
    await b.consume([1]);
    assert.ok(Date.now() - started >= 40, 'waited for the timeout');
    assert.deepEqual(sink.batches, [[1]]);
    await b.shutdown();
  });

  it('acknowledges a caller only after downstream accepted its items, and passes refusals back', async () => {
    const sink = new SinkConsumer<number>();
    sink.failWith = new Error('backend down');
    const b = new Batcher(sink, cfg());
    await assert.rejects(b.consume([1, 2, 3]), /backend down/);
    assert.equal(sink.items.length, 0);
    sink.failWith = undefined;
    await b.consume([4, 5, 6]);
    assert.deepEqual(sink.items, [4, 5, 6]);
    await b.shutdown();
  });

  it('splits at send_batch_max_size and resolves a caller once all its parts are accepted', async () => {
    const sink = new SinkConsumer<number>();
    sink.delayMs = 20;
    const b = new Batcher(sink, cfg({ send_batch_size: 2, send_batch_max_size: 2 }));
    await b.consume([1, 2, 3, 4, 5]);
    assert.deepEqual(sink.batches, [[1, 2], [3, 4], [5]]);
    await b.shutdown();
  });

  it('flushes what it holds on shutdown', async () => {
    const sink = new SinkConsumer<number>();
    const b = new Batcher(sink, cfg({ timeout: 60000 }));
    const p = b.consume([7]);
    await b.shutdown();
    await p;
    assert.deepEqual(sink.items, [7]);
  });

  it('rejects its callers, instead of leaving them waiting forever, when downstream throws instead of rejecting', async () => {
    const throwing = { consume: (): Promise<void> => { throw new Error('sync bug'); } };
    const b = new Batcher<number>(throwing, cfg({ timeout: 10 }));
    // The timeout path: the throw happens in a timer callback, not in the caller's stack.
    const byTimer = b.consume([1]);
    await assert.rejects(Promise.race([byTimer, new Promise((_, rej) => setTimeout(() => rej(new Error('caller never settled')), 1000))]), /sync bug/);
    // The size path.
    await assert.rejects(b.consume([1, 2, 3]), /sync bug/);
    await b.shutdown();
  });
});
