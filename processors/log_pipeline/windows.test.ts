// Point windows in the running log_pipeline processor: held dropped records, released with the
// record that hits, bounded and counted, dropped at shutdown, and what each batch's ack means.

import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { NO_HOST, configOf, testSettings } from '../../src/component/testing';
import type { Processor } from '../../src/component/component';
import type { LogRecord } from '../../src/consumer/consumer';
import { makeLogRecord } from '../../src/data/builders';
import { ResourceCache } from '../../src/data/resource';
import { Metrics } from '../../src/telemetry/metrics';
import { reportPressure } from '../../src/util/pressure';
import { factory } from './factory';
import { GatedConsumer, settled } from './testing';

const resources = new ResourceCache();
const line = (body: string, file = 'app.log') =>
  makeLogRecord({ timeNs: 1n, observedNs: 2n, body, resource: resources.get({}), attributes: { 'log.file.name': file } });

/** Keeps the 2 dropped lines before a line with "panic", and forwards it and the next one. */
const SCRIPT = 'point_window(2, 2)\nadd_key(n, len(_))\nif match("panic", _) { window_hit() }\ndrop()';

interface Setup {
  processor: Processor<LogRecord>;
  out: GatedConsumer;
  metrics: Metrics;
  logs: Record<string, unknown>[];
}

async function setup(extra: Record<string, unknown> = {}): Promise<Setup> {
  const cfg = configOf(factory, { script: SCRIPT, ...extra });
  const logs: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(JSON.parse(String(chunk)));
      cb();
    },
  });
  const metrics = new Metrics();
  const out = new GatedConsumer();
  const set = { ...testSettings('log_pipeline', 'processor', metrics), logger: pino({ level: 'info' }, stream) };
  const processor = factory.create(set, cfg, out, 'logs');
  await processor.start(NO_HOST);
  return { processor, out, metrics, logs };
}

const bodies = (rs: LogRecord[]) => rs.map((r) => r.body);
const counter = (s: Setup, what: string) => s.metrics.value(`otelcol_processor_log_pipeline_window_${what}_log_records_total`);

describe('log_pipeline: point windows', () => {
  it('holds dropped records without holding their batch; a hit forwards them, mapped, with the hitting batch', async () => {
    const s = await setup();
    for (const l of ['a', 'b', 'c']) {
      assert.equal(await settled(s.processor.consume([line(l)])), 'resolved', 'a held record counts as dropped for its own batch');
    }
    assert.equal(s.out.calls.length, 0);
    const hit = s.processor.consume([line('panic!')]);
    assert.deepEqual(bodies(s.out.calls[0].batch), ['b', 'c', 'panic!']);
    assert.equal(s.out.calls[0].batch[0].attributes.n, 1, 'a released record is the record the script made');
    assert.equal(await settled(hit), 'pending', 'the hitting batch waits for the records it released');
    s.out.calls[0].resolve();
    await hit;
    s.out.auto = true;
    await s.processor.consume([line('d'), line('e')]);
    assert.deepEqual(bodies(s.out.records), ['b', 'c', 'panic!', 'd']);
    assert.equal(await counter(s, 'released'), 4);
    assert.equal(await s.metrics.value('otelcol_processor_log_pipeline_dropped_log_records_total'), 6);
    await s.processor.shutdown();
  });

  it('a refused hitting batch offered again sends the released records again and moves no window twice', async () => {
    const s = await setup();
    s.out.auto = true;
    for (const l of ['a', 'b']) await s.processor.consume([line(l)]);
    s.out.auto = false;
    const batch = [line('x'), line('panic')];
    const first = s.processor.consume(batch);
    s.out.calls[0].reject(new Error('backend down'));
    await assert.rejects(first, /backend down/);
    s.out.auto = true;
    await s.processor.consume(batch);
    assert.deepEqual(bodies(s.out.calls[1].batch), bodies(s.out.calls[0].batch));
    assert.deepEqual(bodies(s.out.calls[1].batch), ['b', 'x', 'panic']);
    await s.processor.consume([line('after'), line('later')]);
    assert.deepEqual(bodies(s.out.calls[2].batch), ['after'], 'the retry did not use up the window after the hit');
    await s.processor.shutdown();
  });

  it('keeps the streams of different files apart', async () => {
    const s = await setup();
    s.out.auto = true;
    await s.processor.consume([line('a1', 'a.log'), line('b1', 'b.log'), line('a2', 'a.log'), line('panic', 'b.log')]);
    assert.deepEqual(bodies(s.out.records), ['b1', 'panic']);
    await s.processor.shutdown();
  });

  it('past point_windows bounds the oldest held records are let go, counted', async () => {
    const s = await setup({ script: SCRIPT.replace('point_window(2, 2)', 'point_window(10, 1)'), point_windows: { max_records: 2 } });
    s.out.auto = true;
    await s.processor.consume(['1', '2', '3', '4', '5'].map((l) => line(l)));
    assert.equal(await counter(s, 'forgotten'), 3);
    await s.processor.consume([line('panic')]);
    assert.deepEqual(bodies(s.out.records), ['4', '5', 'panic']);
    await s.processor.shutdown();
  });

  it('drops what the windows hold at shutdown, logged and counted', async () => {
    const s = await setup();
    await s.processor.consume([line('a'), line('b')]);
    await s.processor.shutdown();
    await new Promise((r) => setImmediate(r));
    assert.equal(s.out.calls.length, 0);
    assert.equal(await counter(s, 'forgotten'), 2);
    const log = s.logs.find((l) => /point windows held/.test(String(l.msg)));
    assert.equal(log?.records, 2);
  });

  it('lets go of what the windows hold when a memory_limiter goes over its soft limit', async () => {
    const s = await setup();
    await s.processor.consume([line('a'), line('b')]);
    const limiter = {};
    reportPressure(limiter, true);
    reportPressure(limiter, false);
    assert.equal(await counter(s, 'forgotten'), 2);
    s.out.auto = true;
    await s.processor.consume([line('panic')]);
    assert.deepEqual(bodies(s.out.records), ['panic']);
    await s.processor.shutdown();
  });

  it('rejects bad bounds naming the key', () => {
    const issues: { path: string; message: string }[] = [];
    factory.config.decode({ script: SCRIPT, point_windows: { max_records: 0, max_mb: 1 } }, '', issues);
    assert.deepEqual(issues.map((i) => i.path).sort(), ['point_windows::max_mb', 'point_windows::max_records']);
    assert.match(issues.find((i) => i.path === 'point_windows::max_mb')!.message, /did you mean "max_mib"/);
  });
});
