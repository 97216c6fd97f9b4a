import assert from 'node:assert/strict';
import type { Host, StorageExtension } from '../component/component';
import { NO_HOST, testSettings } from '../component/testing';
import { PermanentError, RefusedError } from '../consumer/errors';
import { defaults } from '../config/schema';
import { makeLogRecord } from '../data/builders';
import { ResourceCache } from '../data/resource';
import { Metrics } from '../telemetry/metrics';
import { queueConfig, retryConfig, type QueueConfig } from './config';
import { newExporter, type Batch, type ExporterSpec } from './exporter';
import type { QueueCodec } from './queue';
import { OK, type ExportResult } from './result';
import { MemoryStorageClient } from './testing';
import { collected } from '../../test/helpers/gc';

interface Req {
  items: number;
  bodies: string[];
}

const codec: QueueCodec<Req> = {
  encode: (r) => Buffer.from(JSON.stringify(r)),
  decode: (b) => JSON.parse(b.toString()) as Req,
};

const resource = new ResourceCache().get({});
const logs = (...bodies: string[]) => bodies.map((body) => makeLogRecord({ timeNs: 1n, observedNs: 1n, body, resource }));
const encode = (b: Batch): Req => ({ items: b.items.length, bodies: b.signal === 'logs' ? b.items.map((r) => String(r.body)) : [] });
const queue = (over: Partial<QueueConfig> = {}): QueueConfig => ({ ...defaults(queueConfig), ...over });

/** A send whose results the test hands out one by one; `sent` records what reached it. */
function gatedSend() {
  const sent: string[][] = [];
  const pending: ((r: ExportResult) => void)[] = [];
  let arrived: () => void = () => {};
  return {
    sent,
    send: (req: Req) =>
      new Promise<ExportResult>((resolve) => {
        sent.push(req.bodies);
        pending.push(resolve);
        arrived();
      }),
    /** Resolves once `n` sends are waiting for an answer. */
    waiting: (n: number) =>
      new Promise<void>((r) => {
        arrived = () => {
          if (pending.length >= n) r();
        };
        arrived();
      }),
    answer: (r: ExportResult) => pending.shift()!(r),
  };
}

/** A batch whose send is answered permanent fails its caller with a PermanentError carrying the message. */
async function assertRefusedPermanently(ex: ReturnType<typeof start>['ex'], g: ReturnType<typeof gatedSend>): Promise<void> {
  const refused = ex.logs!.consume(logs('b'));
  await g.waiting(1);
  g.answer({ kind: 'permanent', message: 'HTTP 400: no' });
  await assert.rejects(refused, (e) => e instanceof PermanentError && e.message === 'HTTP 400: no');
}

function start(spec: Partial<ExporterSpec<Req>> & Pick<ExporterSpec<Req>, 'send'>, host: Host = NO_HOST) {
  const metrics = new Metrics();
  const ex = newExporter<Req>({ set: testSettings('test', 'exporter', metrics), signals: ['logs'], encode, timeoutMs: 1000, ...spec });
  return { ex, metrics, ready: ex.start(host) };
}

describe('newExporter (the sending chain)', () => {
  it('without a queue, answers the caller only once the send settled, with its outcome', async () => {
    const g = gatedSend();
    const { ex, metrics, ready } = start({ send: g.send });
    await ready;
    let done = false;
    const p = ex.logs!.consume(logs('a')).then(() => (done = true));
    await g.waiting(1);
    assert.equal(done, false, 'not acknowledged before the send settled');
    g.answer(OK);
    await p;
    await assertRefusedPermanently(ex, g);
    assert.equal(await metrics.value('otelcol_exporter_sent_log_records_total'), 1);
    assert.equal(await metrics.value('otelcol_exporter_send_failed_log_records_total', { permanent: 'true' }), 1);
    await ex.shutdown();
  });

  it('lets go of a batch once it is encoded, while its send is still pending', async () => {
    const g = gatedSend();
    const { ex, ready } = start({ send: g.send });
    await ready;
    let ref!: WeakRef<object>;
    const handOn = () => {
      const batch = logs('a');
      ref = new WeakRef(batch[0]);
      return ex.logs!.consume(batch);
    };
    const p = handOn();
    await g.waiting(1);
    assert.equal(await collected(ref), true, 'the record was still held while its request was being sent');
    g.answer(OK);
    await p;
    await ex.shutdown();
  });

  it('releases each request once, after its last send settled, with no queue and with an in-memory one, never for a persistent queue', async () => {
    for (const q of [undefined, queue({ num_consumers: 1 })]) {
      const g = gatedSend();
      const released: Req[] = [];
      const retry = { ...defaults(retryConfig), initial_interval: 1, max_interval: 1, randomization_factor: 0 };
      const { ex, ready } = start({ send: g.send, release: (r) => released.push(r), retry, queue: q });
      await ready;
      const p = ex.logs!.consume(logs('a'));
      await g.waiting(1);
      g.answer({ kind: 'retryable', message: 'busy' });
      await g.waiting(1);
      assert.equal(released.length, 0, 'not released while a retry may send it again');
      g.answer(OK);
      await p;
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(released.map((r) => r.bodies), [['a']]);
      await ex.shutdown();
    }
    const g = gatedSend();
    const released: Req[] = [];
    const client = new MemoryStorageClient();
    const storage: StorageExtension = { client: async () => client, start: async () => {}, shutdown: async () => {} };
    const host: Host = { getExtension: (id) => (id === 'st' ? storage : undefined) };
    const { ex, ready } = start({ send: g.send, release: (r) => released.push(r), codec, queue: queue({ storage: 'st' }) }, host);
    await ready;
    await ex.logs!.consume(logs('p'));
    await g.waiting(1);
    g.answer(OK);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(released.length, 0);
    await ex.shutdown();
  });

  it('with an in-memory queue, answers the caller once the request was delivered, not when it was queued', async () => {
    const g = gatedSend();
    const { ex, metrics, ready } = start({ send: g.send, queue: queue({ num_consumers: 1 }) });
    await ready;
    let done = false;
    const p = ex.logs!.consume(logs('a')).then(() => (done = true));
    await g.waiting(1);
    assert.equal(await metrics.value('otelcol_exporter_queue_size', { data_type: 'logs' }), 1);
    await new Promise((r) => setImmediate(r));
    assert.equal(done, false, 'queued and being sent, but not acknowledged yet');
    g.answer(OK);
    await p;
    await assertRefusedPermanently(ex, g);
    await ex.shutdown();
    assert.equal(await metrics.value('otelcol_exporter_sent_log_records_total'), 1);
  });

  it('answers a caller waiting on an in-memory delivery as soon as the collector begins to stop, ending the retries', async () => {
    const stopping = new AbortController();
    const host: Host = { getExtension: () => undefined, stopping: stopping.signal };
    let calls = 0;
    const retry = { ...defaults(retryConfig), initial_interval: 60000, max_elapsed_time: 0 };
    const { ex, ready } = start({ send: async () => (calls++, { kind: 'retryable', message: 'HTTP 503' }), retry, queue: queue({ num_consumers: 1 }) }, host);
    await ready;
    const p = ex.logs!.consume(logs('a'));
    p.catch(() => undefined);
    while (calls === 0) await new Promise((r) => setImmediate(r));
    stopping.abort();
    // Without the stop signal this would wait a minute for the next attempt.
    await assert.rejects(p, (e: Error) => !(e instanceof PermanentError) && /HTTP 503/.test(e.message));
    assert.equal(calls, 1);
    await ex.shutdown();
  });

  it('refuses a batch it cannot encode permanently, and counts it', async () => {
    const { ex, metrics, ready } = start({ send: async () => OK, encode: () => { throw new Error('bad item'); } });
    await ready;
    await assert.rejects(ex.logs!.consume(logs('a')), (e) => e instanceof PermanentError && /test: cannot encode 1 log records: bad item/.test(e.message));
    assert.equal(await metrics.value('otelcol_exporter_send_failed_log_records_total', { permanent: 'true' }), 1);
    await ex.shutdown();
  });

  it('retries what the send calls retryable, and refuses the caller retryably when the retries ran out', async () => {
    let calls = 0;
    const retry = { ...defaults(retryConfig), initial_interval: 1, max_interval: 1, max_elapsed_time: 50 };
    const { ex, metrics, ready } = start({ send: async () => (calls++, { kind: 'retryable', message: 'HTTP 503' }), retry });
    await ready;
    await assert.rejects(ex.logs!.consume(logs('a')), (e: Error) => !(e instanceof PermanentError) && /no more retries left: HTTP 503/.test(e.message));
    assert.ok(calls >= 2);
    assert.equal(await metrics.value('otelcol_exporter_retries_total'), calls - 1);
    await ex.shutdown();
  });

  it('refuses with a RefusedError when the queue is full', async () => {
    const g = gatedSend();
    const { ex, metrics, ready } = start({ send: g.send, queue: queue({ num_consumers: 1, queue_size: 1 }) });
    await ready;
    const a = ex.logs!.consume(logs('a'));
    await g.waiting(1);
    await assert.rejects(ex.logs!.consume(logs('b', 'c')), RefusedError);
    assert.equal(await metrics.value('otelcol_exporter_enqueue_failed_log_records_total'), 2);
    g.answer(OK);
    await a;
    await ex.shutdown();
  });

  it('keeps a request that shutdown interrupted in a persistent queue, and sends it after a restart', async () => {
    const client = new MemoryStorageClient();
    const storage: StorageExtension = { client: async () => client, start: async () => {}, shutdown: async () => {} };
    const host: Host = { getExtension: (id) => (id === 'st' ? storage : undefined) };
    const retry = { ...defaults(retryConfig), initial_interval: 60000 };
    const first = start({ send: async () => ({ kind: 'retryable', message: 'down' }), retry, queue: queue({ storage: 'st' }), codec }, host);
    await first.ready;
    await first.ex.logs!.consume(logs('kept'));
    assert.equal(client.data.size, 1);
    await first.ex.shutdown();
    assert.equal(client.data.size, 1, 'still on disk');
    assert.equal(await first.metrics.value('otelcol_exporter_send_failed_log_records_total'), 0, 'not a failure yet');

    const g = gatedSend();
    const second = start({ send: g.send, queue: queue({ storage: 'st' }), codec }, host);
    await second.ready;
    await g.waiting(1);
    assert.deepEqual(g.sent, [['kept']]);
    g.answer(OK);
    await second.ex.shutdown();
    assert.equal(client.data.size, 0);
  });

  it('is safe to shut down before start, and then still starts', async () => {
    const ex = newExporter<Req>({ set: testSettings('test', 'exporter'), signals: ['logs'], encode, send: async () => OK, timeoutMs: 1000 });
    await ex.shutdown();
    await ex.start(NO_HOST);
    await ex.logs!.consume(logs('a'));
    await ex.shutdown();
  });
});
