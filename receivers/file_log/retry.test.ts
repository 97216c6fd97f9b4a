import assert from 'node:assert/strict';
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { LogRecord } from '../../src/consumer/consumer';
import { PermanentError, RefusedError } from '../../src/consumer/errors';
import { SinkConsumer } from '../../src/consumer/testing';
import type { ConfigIssue } from '../../src/config/issue';
import { factory as otlpHttp } from '../../exporters/otlp_http/factory';
import { collected } from '../../test/helpers/gc';
import { assertExactlyOnce, bodies, decodeConfig, lines, sleep, startReceiver, tempDir, text, until, type LogLine } from './testing';

/** A consumer that throws `errors` in turn, one per call, then accepts like a SinkConsumer. */
class Scripted extends SinkConsumer<LogRecord> {
  calls = 0;
  constructor(private readonly errors: Error[]) {
    super();
  }

  override async consume(batch: LogRecord[]): Promise<void> {
    const err = this.errors[this.calls++];
    if (err) throw err;
    return super.consume(batch);
  }
}

describe('file_log retry_on_failure', () => {
  it('takes the exporters’ keys with the same meaning, and defaults of its own', () => {
    const raw = { enabled: true, initial_interval: '1s', max_interval: '20s', max_elapsed_time: '2m', multiplier: 3, randomization_factor: 0.1 };
    const issues: ConfigIssue[] = [];
    const exporter = otlpHttp.config.decode({ endpoint: 'http://127.0.0.1:4318', retry_on_failure: raw }, 'exporters::otlp_http', issues)!;
    assert.deepEqual(issues, []);
    assert.deepEqual(decodeConfig({ include: ['x.log'], retry_on_failure: raw }).retry_on_failure, exporter.retry_on_failure);
    assert.deepEqual(decodeConfig({ include: ['x.log'] }).retry_on_failure, {
      enabled: true,
      initial_interval: 200,
      max_interval: 5000,
      max_elapsed_time: 0,
      multiplier: 2,
      randomization_factor: 0.25,
    });
  });

  it('waits as the keys say: growth by multiplier, no jitter at randomization_factor 0, Retry-After capped by max_interval', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, 'one\ntwo\n');
    const sink = new Scripted([new Error('down'), new RefusedError('memory limit reached', 0.15), new Error('down'), new Error('down')]);
    const logs: LogLine[] = [];
    const retry = { initial_interval: '10ms', max_interval: '200ms', multiplier: 3, randomization_factor: 0 };
    const rx = await startReceiver({ include: [file], start_at: 'beginning', retry_on_failure: retry }, { sink, logs });
    try {
      await sink.waitForItems(2);
      const waits = logs.filter((l) => l.msg.startsWith('The pipeline refused')).map((l) => l.retry_in_ms);
      // 10, then Retry-After 150 ms over 30, then 90, then 270 capped at 200.
      assert.deepEqual(waits, [10, 150, 90, 200]);
      assert.equal(await rx.metrics.value('otelcol_receiver_refused_log_records_total', { receiver: 'file_log', transport: 'file' }), 2 * 4);
      assert.equal(await rx.metrics.value('otelcol_receiver_accepted_log_records_total', { receiver: 'file_log', transport: 'file' }), 2);
    } finally {
      await rx.stop();
    }
  });

  it('gives a batch up once refusals last past max_elapsed_time, counts it dropped, and goes on', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, 'refused\n');
    const sink = new SinkConsumer<LogRecord>();
    sink.failWith = new Error('exporter queue full');
    const retry = { initial_interval: '5ms', max_interval: '10ms', max_elapsed_time: '100ms' };
    const rx = await startReceiver({ include: [file], start_at: 'beginning', retry_on_failure: retry }, { sink });
    try {
      await until(async () => (await rx.metrics.value('otelcol_fileconsumer_dropped_log_records_total')) === 1, 'the refused record dropped');
      assert.ok((await rx.metrics.value('otelcol_receiver_refused_log_records_total')) > 1, 'offered more than once before giving up');
      sink.failWith = undefined;
      appendFileSync(file, 'accepted\n');
      await sink.waitForItems(1);
      assert.deepEqual(bodies(sink), ['accepted']);
    } finally {
      await rx.stop();
    }
  });

  it('with enabled: false drops a refused batch at its first refusal', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, 'a\nb\n');
    const sink = new Scripted([new Error('down')]);
    const rx = await startReceiver({ include: [file], start_at: 'beginning', retry_on_failure: { enabled: false } }, { sink });
    try {
      await until(async () => (await rx.metrics.value('otelcol_fileconsumer_dropped_log_records_total')) === 2, 'both records dropped');
      assert.equal(sink.calls, 1);
      assert.equal(await rx.metrics.value('otelcol_receiver_refused_log_records_total'), 2);
    } finally {
      await rx.stop();
    }
  });

  it('holds the reader while the pipeline refuses and delivers everything once it accepts', async () => {
    const dir = await tempDir();
    const storageDir = path.join(dir, 'storage');
    const file = path.join(dir, 'app.log');
    writeFileSync(file, '');
    const sink = new SinkConsumer<LogRecord>();
    sink.failWith = new RefusedError('memory limit reached', 0);
    const cfg = { include: [file], start_at: 'beginning', retry_on_failure: { initial_interval: '10ms', max_interval: '50ms' } };
    const rx = await startReceiver(cfg, { storageDir, sink });
    writeFileSync(file, text(lines('held', 0, 5000)));
    await until(async () => (await rx.metrics.value('otelcol_receiver_refused_log_records_total')) > 2000 * 3, 'several refusals');
    assert.equal(sink.items.length, 0);
    // Nothing refused was committed: a restart now still sees every line.
    await rx.stop();
    const sink2 = new SinkConsumer<LogRecord>();
    sink2.failWith = new Error('exporter queue full');
    const rx2 = await startReceiver(cfg, { storageDir, sink: sink2 });
    try {
      await sleep(150);
      sink2.failWith = undefined;
      await sink2.waitForItems(5000);
      await sleep(100);
      assertExactlyOnce(bodies(sink2), lines('held', 0, 5000));
      assert.equal(await rx2.metrics.value('otelcol_fileconsumer_dropped_log_records_total'), 0);
    } finally {
      await rx2.stop();
    }
  });

  it('never moves a checkpoint past a batch that is still being retried, even when later batches were accepted', async () => {
    const dir = await tempDir();
    const storageDir = path.join(dir, 'storage');
    const file = path.join(dir, 'app.log');
    writeFileSync(file, text(lines('order', 0, 6000))); // three batches
    const sink = new Scripted([new RefusedError('busy', 0)]);
    const cfg = { include: [file], start_at: 'beginning', retry_on_failure: { initial_interval: '5s', max_interval: '5s' } };
    const rx = await startReceiver(cfg, { storageDir, sink });
    await sink.waitForItems(6000 - 2048);
    await rx.stop(); // the first batch is still waiting for its retry
    const again = await startReceiver(cfg, { storageDir });
    try {
      await again.sink.waitForItems(6000);
      await sleep(100);
      assertExactlyOnce(bodies(again.sink), lines('order', 0, 6000));
    } finally {
      await again.stop();
    }
  });

  it('drops and counts a batch the pipeline rejects permanently, then goes on', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, 'bad batch\n');
    const sink = new SinkConsumer<LogRecord>();
    sink.failWith = new PermanentError('malformed');
    const rx = await startReceiver({ include: [file], start_at: 'beginning' }, { sink });
    try {
      await until(async () => (await rx.metrics.value('otelcol_fileconsumer_dropped_log_records_total')) === 1, 'a dropped record');
      sink.failWith = undefined;
      appendFileSync(file, 'good\n');
      await sink.waitForItems(1);
      assert.deepEqual(bodies(sink), ['good']);
    } finally {
      await rx.stop();
    }
  });

  /** Records as plain data: what an offer must repeat exactly. */
  const asData = (batch: LogRecord[]) =>
    batch.map((r) => ({ body: r.body, time: r.hrTime, observed: r.hrTimeObserved, attributes: { ...r.attributes }, resource: r.resource.attributes }));

  for (const [name, raw, content, want] of [
    ['lines', {}, 'one\ntwo\nthree\n', ['one', 'two', 'three']],
    ['multiline entries', { multiline: { line_start_pattern: '^start' } }, 'start a\n  more a\nstart b\n  more b\nstart c\n', ['start a\n  more a', 'start b\n  more b']],
  ] as const) {
    it(`offers a refused batch again as the records first made (${name}): cut again from the chunk's bytes, with the times and file name of the first read`, async () => {
      const dir = await tempDir();
      const file = path.join(dir, 'app.log');
      writeFileSync(file, content);
      const attempts: ReturnType<typeof asData>[] = [];
      const sink = new (class extends SinkConsumer<LogRecord> {
        override consume(batch: LogRecord[]): Promise<void> {
          attempts.push(asData(batch));
          // Rotated while the first offer was under way: the batch still names the file it was read from.
          if (attempts.length === 1) {
            renameSync(file, path.join(dir, 'app.log.1'));
            return Promise.reject(new Error('exporter queue full'));
          }
          return super.consume(batch);
        }
      })();
      const rx = await startReceiver({ include: [file], start_at: 'beginning', include_file_path: true, retry_on_failure: { initial_interval: '20ms' }, ...raw }, { sink });
      try {
        await sink.waitForItems(want.length);
        assert.equal(attempts.length, 2);
        assert.deepEqual(attempts[0].map((r) => r.body), want);
        assert.deepEqual(attempts[1], attempts[0]);
        assert.equal(attempts[1][0].attributes['log.file.name'], 'app.log');
        assert.equal(attempts[1][0].attributes['log.file.path'], file);
      } finally {
        await rx.stop();
      }
    });
  }

  it('holds none of a batch\'s records while the pipeline works on it (ack after export): only the bytes they were cut from', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, text(lines('held', 0, 50)));
    let ref: WeakRef<object> | undefined;
    let answer: (() => void) | undefined;
    const sink = new (class extends SinkConsumer<LogRecord> {
      override consume(batch: LogRecord[]): Promise<void> {
        ref = new WeakRef(batch[0]);
        const accepted = super.consume(batch.map((r) => ({ ...r })));
        // The export's answer, still to come.
        return new Promise<void>((resolve) => (answer = () => void accepted.then(resolve)));
      }
    })();
    const rx = await startReceiver({ include: [file], start_at: 'beginning' }, { sink });
    try {
      await until(() => answer !== undefined, 'the batch offered');
      assert.ok(await collected(ref!), 'a record of the batch is let go before the pipeline answers');
      answer!();
      await sink.waitForItems(50);
      assertExactlyOnce(bodies(sink), lines('held', 0, 50));
    } finally {
      await rx.stop();
    }
  });
});
