import assert from 'node:assert/strict';
import { configOf, testSettings } from '../../src/component/testing';
import type { Host } from '../../src/component/component';
import { reportPressure } from '../../src/util/pressure';
import { feedTraceIndex } from '../../extensions/trace_index/host';
import { indexesOf } from '../../extensions/trace_index/extension';
import { EncodedLogRecord } from '../../src/otlp/encoded-log';
import { factory } from './factory';
import { bridgeWithIndex, GatedConsumer, pythonLine, recordOf, settled, spanOf, type Bridge } from './testing';

const HIGH = '6740b4f400000000';
const hex = (n: bigint) => n.toString(16).padStart(16, '0');
const LOW = 16108321602917563239n;
const SPAN = 12837828046733169079n;
const FULL = HIGH + hex(LOW);

const joins = (b: Bridge, labels: Record<string, string>) => b.metrics.value('otelcol_processor_log_pipeline_join_outcomes_total', labels);

describe('log_pipeline: joining records to their traces', () => {
  let b: Bridge;
  afterEach(async () => {
    b.out.auto = true;
    for (const c of b.out.calls) c.resolve();
    await b.stop();
  });

  it('completes a 64-bit log trace id from the index and counts it recovered', async () => {
    b = await bridgeWithIndex();
    b.out.auto = true;
    b.index.feed([spanOf(FULL, hex(SPAN))]);
    await b.processor.consume([recordOf(pythonLine(LOW, SPAN, 'hi'))]);
    const [r] = b.out.records;
    assert.equal(r.spanContext?.traceId, FULL);
    assert.equal(r.spanContext?.spanId, hex(SPAN));
    assert.equal(r.attributes['datadog.trace.id'], LOW.toString(), 'the decimal low half stays for Datadog-side tools');
    assert.equal(await joins(b, { outcome: 'recovered', pipeline: 'logs', service: 'web' }), 1);
  });

  it('takes a 128-bit id and the id of a 64-bit trace as written', async () => {
    b = await bridgeWithIndex();
    b.out.auto = true;
    b.index.feed([spanOf('0000000000000000' + hex(5n), hex(6n))]);
    const line128 = pythonLine(LOW, SPAN, 'x').replace(`trace_id=${LOW}`, `trace_id=${FULL}`);
    await b.processor.consume([recordOf(line128), recordOf(pythonLine(5n, 6n, 'y'))]);
    assert.deepEqual(b.out.records.map((r) => r.spanContext?.traceId), [FULL, '0000000000000000' + hex(5n)]);
    assert.equal(await joins(b, { outcome: 'joined' }), 2);
  });

  it('holds a record whose trace has not arrived, and releases it completed the moment the trace comes', async () => {
    b = await bridgeWithIndex({ wait: 60_000 });
    b.index.feed([spanOf(HIGH + hex(1n), hex(2n))]); // the service is traced lately
    const early = recordOf(pythonLine(1n, 2n, 'already known'));
    const late = recordOf(pythonLine(LOW, SPAN, 'before its trace'));
    const done = b.processor.consume([early, late]);
    await b.out.waitForRecords(1);
    assert.deepEqual(b.out.records.map((r) => r.body), ['already known'], 'the rest of the batch does not wait');
    b.out.calls[0].resolve();
    assert.equal(await settled(done), 'pending', 'the batch is not acknowledged while one of its records waits');
    assert.equal(await b.metrics.value('otelcol_trace_index_waiting_log_records', { extension: 'trace_index' }), 1);
    b.index.feed([spanOf(FULL, hex(SPAN))]);
    const [first, r] = await b.out.waitForRecords(2);
    assert.equal(r.spanContext?.traceId, FULL);
    assert.ok(first instanceof EncodedLogRecord && r instanceof EncodedLogRecord, 'mapped records travel as their bytes');
    assert.equal(r.bytes.length, r.byteLength, 'the waiting record did not keep the buffer it shared with the batch');
    assert.equal(await settled(done), 'pending', 'released but not yet accepted downstream');
    b.out.calls[1].resolve();
    assert.equal(await settled(done), 'resolved');
    assert.equal(await b.metrics.value('otelcol_trace_index_released_log_records_total', { reason: 'trace' }), 1);
    assert.equal(await joins(b, { outcome: 'recovered' }), 2);
  });

  it('releases a record whose trace never comes at its deadline, as written, counted trace_not_seen; acknowledged only after export', async () => {
    b = await bridgeWithIndex({ wait: 300 });
    b.index.feed([spanOf(HIGH + hex(1n), hex(2n))]);
    const started = Date.now();
    const done = b.processor.consume([recordOf(pythonLine(LOW, SPAN, 'orphan'))]);
    const [r] = await b.out.waitForRecords(1);
    assert.ok(Date.now() - started >= 290, `released after ${Date.now() - started} ms, before the deadline`);
    assert.equal(r.spanContext?.traceId, '0000000000000000' + hex(LOW));
    assert.equal(await settled(done), 'pending');
    b.out.calls[0].resolve();
    assert.equal(await settled(done), 'resolved');
    assert.equal(await joins(b, { outcome: 'unjoined', reason: 'trace_not_seen' }), 1);
    assert.equal(await b.metrics.value('otelcol_trace_index_released_log_records_total', { reason: 'deadline' }), 1);
  });

  it('holds lines of a service with no traces only during a grace after its first line, and never lines older than the wait', async () => {
    b = await bridgeWithIndex({ wait: 300 });
    b.out.auto = true;
    b.index.feed([spanOf(HIGH + hex(1n), hex(2n), 'other')]);
    const first = b.processor.consume([recordOf(pythonLine(LOW, SPAN, 'first of web'))]);
    assert.equal(b.index.room.size, 1, 'the bridge may not have the traces of a service it just met yet');
    await first;
    const later = b.processor.consume([recordOf(pythonLine(LOW, SPAN, 'web is untraced'))]);
    assert.equal(b.index.room.size, 0, 'after the grace its lines go on at once');
    await later;
    b.index.feed([spanOf(HIGH + hex(1n), hex(2n), 'web')]);
    await b.processor.consume([recordOf(pythonLine(LOW, SPAN, 'old', { at: new Date(Date.now() - 120_000) }))]);
    assert.equal(b.index.room.size, 0);
    assert.equal(b.out.records.length, 3);
    assert.equal(await joins(b, { reason: 'trace_not_seen' }), 3);
  });

  it('does not hold anything in a bridge that has no trace receiver and has seen no trace', async () => {
    b = await bridgeWithIndex({ wait: 60_000 });
    b.out.auto = true;
    await b.processor.consume([recordOf(pythonLine(LOW, SPAN, 'logs only'))]);
    assert.equal(b.index.room.size, 0);
    assert.equal(await joins(b, { reason: 'trace_not_seen' }), 1);
  });

  it('lets every waiting record go, and holds no more, once the bridge is stopping (its receivers take no traces)', async () => {
    let state: 'running' | 'stopping' = 'running';
    b = await bridgeWithIndex({ wait: 60_000 }, undefined, () => state);
    b.out.auto = true;
    b.index.feed([spanOf(HIGH + hex(1n), hex(2n))]);
    const held = b.processor.consume([recordOf(pythonLine(LOW, SPAN, 'waiting'))]);
    assert.equal(b.index.room.size, 1);
    state = 'stopping';
    await held;
    await b.processor.consume([recordOf(pythonLine(LOW + 1n, SPAN, 'not held'))]);
    assert.equal(b.out.records.length, 2);
    assert.equal(await b.metrics.value('otelcol_trace_index_released_log_records_total', { reason: 'shutdown' }), 1);
  });

  it('leaves a record as written when two live traces share its low half, counted ambiguous', async () => {
    b = await bridgeWithIndex();
    b.out.auto = true;
    b.index.feed([spanOf(FULL, hex(1n)), spanOf('6740b4f500000000' + hex(LOW), hex(2n))]);
    await b.processor.consume([recordOf(pythonLine(LOW, SPAN, 'which one?'))]);
    assert.equal(b.out.records[0].spanContext?.traceId, '0000000000000000' + hex(LOW));
    assert.equal(await joins(b, { reason: 'ambiguous' }), 1);
  });

  it('rejects the batch when a released part is refused, and takes its other waiting records out of the room', async () => {
    b = await bridgeWithIndex({ wait: 60_000 });
    b.index.feed([spanOf(HIGH + hex(1n), hex(2n))]);
    const done = b.processor.consume([recordOf(pythonLine(3n, 4n, 'a')), recordOf(pythonLine(5n, 6n, 'b'))]);
    b.index.feed([spanOf(HIGH + hex(3n), hex(4n))]);
    await b.out.waitForRecords(1);
    b.out.calls[0].reject(new Error('refused'));
    assert.equal(await settled(done), 'rejected');
    await assert.rejects(done, /refused/);
    assert.equal(b.index.room.size, 0, 'the sender offers the whole batch again');
  });

  it('hands on every waiting record at shutdown', async () => {
    b = await bridgeWithIndex({ wait: 60_000 });
    b.out.auto = true;
    b.index.feed([spanOf(HIGH + hex(1n), hex(2n))]);
    const done = b.processor.consume([recordOf(pythonLine(LOW, SPAN, 'still waiting'))]);
    await b.processor.shutdown();
    await done;
    assert.equal(b.out.records.length, 1);
    assert.equal(await b.metrics.value('otelcol_trace_index_released_log_records_total', { reason: 'shutdown' }), 1);
  });

  it('lets waiting records go when memory_limiter reports pressure, and holds none while it lasts', async () => {
    b = await bridgeWithIndex({ wait: 60_000 });
    b.out.auto = true;
    b.index.feed([spanOf(HIGH + hex(1n), hex(2n))]);
    const first = b.processor.consume([recordOf(pythonLine(LOW, SPAN, 'held'))]);
    assert.equal(b.index.room.size, 1);
    const limiter = {};
    try {
      reportPressure(limiter, true);
      await first;
      await b.processor.consume([recordOf(pythonLine(LOW + 1n, SPAN, 'not held'))]);
    } finally {
      reportPressure(limiter, false);
    }
    assert.equal(b.out.records.length, 2);
    assert.equal(await b.metrics.value('otelcol_trace_index_released_log_records_total', { reason: 'memory' }), 1);
  });

  it('keeps the room within its bounds under a flood of lines whose traces never come', async () => {
    b = await bridgeWithIndex({ wait: 60_000, max_waiting_records: 1000, max_waiting_mib: 1 });
    b.out.auto = true;
    b.index.feed([spanOf(HIGH + hex(1n), hex(2n))]);
    const batches: Promise<void>[] = [];
    for (let i = 0; i < 50; i++) {
      batches.push(b.processor.consume(Array.from({ length: 200 }, (_, j) => recordOf(pythonLine(BigInt(1000 + i * 200 + j), SPAN, 'x'.repeat(300))))));
      assert.ok(b.index.room.size <= 1000);
      assert.ok(b.index.room.bytes <= 1024 * 1024);
    }
    await Promise.all(batches.slice(0, 40));
    assert.ok(await b.metrics.value('otelcol_trace_index_released_log_records_total', { reason: 'full' }) >= 8000);
  });

  it('works with no configuration: log_pipelines of one bridge share an implicit index that its trace receivers feed', async () => {
    const host: Host = { getExtension: () => undefined };
    const out = new GatedConsumer();
    out.auto = true;
    const set = { ...testSettings('log_pipeline', 'processor'), pipeline: 'logs' };
    const p1 = factory.create(set, configOf(factory, { script: 'builtin:python-ddtrace', timezone: 'UTC' }), out, 'logs');
    const p2 = factory.create(set, configOf(factory, { script: 'builtin:python-ddtrace', timezone: 'UTC' }), out, 'logs');
    await p1.start(host);
    await p2.start(host);
    const received: unknown[] = [];
    const receiverNext = feedTraceIndex(host, { consume: async (spans) => void received.push(...spans) });
    await receiverNext.consume([spanOf(FULL, hex(SPAN))]);
    assert.equal(received.length, 1, 'the spans still go down their own pipeline');
    await p1.consume([recordOf(pythonLine(LOW, SPAN, 'one'))]);
    await p2.consume([recordOf(pythonLine(LOW, SPAN, 'two'))]);
    assert.deepEqual(out.records.map((r) => r.spanContext?.traceId), [FULL, FULL]);
    await p1.shutdown();
    assert.equal(indexesOf(host).size, 1);
    await p2.shutdown();
    assert.equal(indexesOf(host).size, 0, 'the implicit index goes with its last user');
    b = await bridgeWithIndex();
  });
});
