import assert from 'node:assert/strict';
import { PermanentError } from '../consumer/errors';
import { silentLogger } from '../telemetry/logger';
import { MemoryQueue, PersistentQueue, type Queue, type QueueCodec } from './queue';
import { OK, type ExportResult } from './result';
import { QueueFullError, QueueSender } from './sender';
import { MemoryStorageClient } from './testing';

const codec: QueueCodec<string> = {
  encode: (s) => Buffer.from('v1:' + s),
  decode: (b) => {
    const t = b.toString();
    if (!t.startsWith('v1:')) throw new Error('bad entry');
    return t.slice(3);
  },
};

describe('sending queue', () => {
  it('is FIFO and bounded in requests', async () => {
    const q = new MemoryQueue<number>(2);
    assert.equal(await q.tryPut(1), true);
    assert.equal(await q.tryPut(2), true);
    assert.equal(await q.tryPut(3), false);
    const a = await q.take();
    assert.equal(a?.item, 1);
    assert.equal(await q.tryPut(3), false, 'an item being sent still holds its slot');
    await q.done(a!);
    assert.equal(await q.tryPut(3), true);
    assert.equal((await q.take())?.item, 2);
  });

  it('persists entries, replays them after a reopen and deletes them when done', async () => {
    const store = new MemoryStorageClient();
    const q1 = new PersistentQueue(10, store, codec, silentLogger());
    await q1.open();
    await q1.tryPut('a');
    await q1.tryPut('b');
    const inFlight = await q1.take();
    assert.equal(inFlight?.item, 'a');
    // crash: nothing acknowledged; a new process opens the same store
    const q2 = new PersistentQueue(10, store, codec, silentLogger());
    await q2.open();
    assert.equal(q2.size, 2);
    const e = await q2.take();
    assert.equal(e?.item, 'a');
    await q2.done(e!);
    assert.equal(store.data.size, 1);
    await q2.tryPut('c');
    assert.deepEqual([(await q2.take())?.item, (await q2.take())?.item], ['b', 'c']);
  });

  it('skips a corrupt entry with a log instead of failing', async () => {
    const store = new MemoryStorageClient();
    await store.set('q/0000000000000000', Buffer.from('garbage'));
    await store.set('q/0000000000000001', Buffer.from('v1:ok'));
    const q = new PersistentQueue(10, store, codec, silentLogger());
    await q.open();
    assert.equal((await q.take())?.item, 'ok');
    assert.equal(await store.get('q/0000000000000000'), undefined, 'the corrupt entry is removed');
  });

  it('is bounded on disk too', async () => {
    const store = new MemoryStorageClient();
    const q = new PersistentQueue(3, store, codec, silentLogger());
    await q.open();
    const results = await Promise.all(['1', '2', '3', '4', '5'].map((s) => q.tryPut(s)));
    assert.deepEqual(results, [true, true, true, false, false]);
    assert.equal(store.data.size, 3);
  });

  describe('QueueSender', () => {
    const sender = (send: (s: string, signal: AbortSignal) => Promise<ExportResult>, opts: { capacity?: number; block?: boolean; blockMs?: number; consumers?: number; queue?: Queue<string> } = {}) =>
      new QueueSender<string>({
        queue: opts.queue ?? new MemoryQueue(opts.capacity ?? 10),
        numConsumers: opts.consumers ?? 1,
        blockOnOverflow: opts.block ?? false,
        blockTimeoutMs: opts.blockMs ?? 1000,
        send,
      });

    it('refuses with QueueFullError when full and not blocking', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const s = sender(async () => (await gate, OK), { capacity: 1 });
      await s.start();
      await s.offer('a');
      await assert.rejects(s.offer('b'), QueueFullError);
      release();
      await s.shutdown(1000);
    });

    it('with block_on_overflow waits for room, and refuses after the wait bound', async () => {
      const sent: string[] = [];
      let release!: () => void;
      let gate = new Promise<void>((r) => (release = r));
      const s = sender(async (x) => (await gate, sent.push(x), OK), { capacity: 1, block: true, blockMs: 100 });
      await s.start();
      await s.offer('a');
      await assert.rejects(s.offer('b'), QueueFullError, 'refused after waiting 100ms');
      const waiting = s.offer('c');
      setTimeout(release, 20);
      await waiting;
      gate = Promise.resolve();
      await s.shutdown(1000);
      assert.deepEqual(sent, ['a', 'c']);
    });

    it('with block_on_overflow wakes a waiting sender as soon as room frees up, even after another sender gave up waiting', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const s = new QueueSender<string>({
        queue: new MemoryQueue(1),
        numConsumers: 1,
        blockOnOverflow: true,
        blockTimeoutMs: 300,
        send: async () => (await gate, OK),
      });
      await s.start();
      await s.offer('a'); // taken by the consumer, holds the only slot until the gate opens
      await assert.rejects(s.offer('b'), QueueFullError); // waited 300 ms and gave up
      const c = s.offer('c');
      await new Promise((r) => setTimeout(r, 50));
      const freed = Date.now();
      release();
      await c;
      assert.ok(Date.now() - freed < 150, `the waiting sender got the free slot after ${Date.now() - freed} ms`);
      await s.shutdown(1000);
    });

    it('drains an in-memory queue on shutdown within the deadline', async () => {
      const sent: string[] = [];
      const s = sender(async (x) => (await new Promise((r) => setTimeout(r, 5)), sent.push(x), OK));
      await s.start();
      for (const x of ['a', 'b', 'c']) await s.offer(x);
      await s.shutdown(5000);
      assert.deepEqual(sent, ['a', 'b', 'c']);
      await assert.rejects(s.offer('d'), /shutting down/);
    });

    it('reports what it could not drain before the deadline', async () => {
      const abandoned: string[] = [];
      const s = new QueueSender<string>({
        queue: new MemoryQueue(10),
        numConsumers: 1,
        blockOnOverflow: false,
        blockTimeoutMs: 0,
        send: () => new Promise((r) => setTimeout(() => r(OK), 200)),
        onAbandoned: (x) => abandoned.push(x),
      });
      await s.start();
      for (const x of ['a', 'b', 'c']) await s.offer(x);
      await s.shutdown(50);
      assert.deepEqual(abandoned, ['b', 'c']);
    });

    describe('ackOnExport (end-to-end acknowledgement)', () => {
      /** A send whose answers the test gives one by one, in the order the requests arrived. */
      function gated() {
        const waiting: { item: string; answer: (r: ExportResult) => void }[] = [];
        let arrived = () => {};
        return {
          send: (item: string) => new Promise<ExportResult>((answer) => (waiting.push({ item, answer }), arrived())),
          /** Resolves once a request is waiting for its answer; hands it out. */
          next: () =>
            new Promise<{ item: string; answer: (r: ExportResult) => void }>((r) => {
              arrived = () => {
                if (waiting.length === 0) return;
                arrived = () => {};
                r(waiting.shift()!);
              };
              arrived();
            }),
        };
      }
      const settled = (p: Promise<unknown>) => {
        const s = { done: false };
        p.then(() => (s.done = true), () => (s.done = true));
        return s;
      };

      it('resolves a caller only once its request was delivered, not when it was queued', async () => {
        const g = gated();
        const s = sender(g.send);
        await s.start();
        const p = s.offer('a', { ackOnExport: true });
        const state = settled(p);
        const req = await g.next();
        assert.equal(req.item, 'a');
        await new Promise((r) => setImmediate(r));
        assert.equal(state.done, false, 'queued and being sent, but not yet delivered');
        req.answer(OK);
        await p;
        await s.shutdown(1000);
      });

      const failures: [string, ExportResult, (e: Error) => boolean][] = [
        ['with a PermanentError when the request is refused for good', { kind: 'permanent', message: 'HTTP 400: bad' }, (e) => e instanceof PermanentError && e.message === 'HTTP 400: bad'],
        ['retryably when the retries ran out', { kind: 'retryable', message: 'no more retries left: HTTP 503' }, (e) => !(e instanceof PermanentError) && e.message === 'no more retries left: HTTP 503'],
      ];
      for (const [what, outcome, check] of failures) {
        it(`rejects ${what}`, async () => {
          const g = gated();
          const s = sender(g.send);
          await s.start();
          const p = s.offer('a', { ackOnExport: true });
          (await g.next()).answer(outcome);
          await assert.rejects(p, check);
          await s.shutdown(1000);
        });
      }

      it('answers each caller with the outcome of its own request', async () => {
        const g = gated();
        const s = sender(g.send, { consumers: 2 });
        await s.start();
        const a = s.offer('a', { ackOnExport: true });
        const b = s.offer('b', { ackOnExport: true });
        const [first, second] = [await g.next(), await g.next()];
        const byItem = new Map([first, second].map((r) => [r.item, r]));
        byItem.get('b')!.answer({ kind: 'permanent', message: 'b refused' });
        byItem.get('a')!.answer(OK);
        await a;
        await assert.rejects(b, /b refused/);
        await s.shutdown(1000);
      });

      it('rejects what stopRetrying cut short and what shutdown abandons, so that no caller is left waiting', async () => {
        const s = new QueueSender<string>({
          queue: new MemoryQueue(10),
          numConsumers: 1,
          blockOnOverflow: false,
          blockTimeoutMs: 0,
          // A backend that does not answer; an attempt ends (retryably) some time after the abort.
          send: (_x, signal) =>
            new Promise((r) => {
              const end = () => setTimeout(() => r({ kind: 'retryable', message: 'interrupted' }), 50);
              if (signal.aborted) end();
              else signal.addEventListener('abort', end);
            }),
        });
        await s.start();
        const [a, b, c] = ['a', 'b', 'c'].map((x) => s.offer(x, { ackOnExport: true }));
        await new Promise((r) => setImmediate(r));
        s.stopRetrying();
        await assert.rejects(a, (e: Error) => !(e instanceof PermanentError) && e.message === 'interrupted');
        // 'b' is tried once more; shutdown's deadline passes first and abandons 'c' behind it.
        await s.shutdown(10);
        await assert.rejects(c, (e: Error) => !(e instanceof PermanentError) && /shut down before/.test(e.message));
        await assert.rejects(b, /interrupted/);
      });

      it('is answered on the durable write by a persistent queue (the write is the acknowledgement)', async () => {
        const store = new MemoryStorageClient();
        const never = () => new Promise<ExportResult>(() => {});
        const s = sender(never, { queue: new PersistentQueue(10, store, codec, silentLogger()) });
        await s.start();
        await s.offer('a', { ackOnExport: true });
        assert.equal(store.data.size, 1);
        await s.shutdown(10);
      });
    });

    it('keeps an interrupted request of a persistent queue on disk', async () => {
      const store = new MemoryStorageClient();
      const s = new QueueSender<string>({
        queue: new PersistentQueue(10, store, codec, silentLogger()),
        numConsumers: 1,
        blockOnOverflow: false,
        blockTimeoutMs: 0,
        send: (_x, signal) => new Promise((r) => signal.addEventListener('abort', () => r({ kind: 'retryable', message: 'interrupted by shutdown' }))),
      });
      await s.start();
      await s.offer('a');
      await s.offer('b');
      await s.shutdown(1000);
      assert.equal(store.data.size, 2);
    });
  });
});
