/**
 * End-to-end acknowledgement through the real CLI: file_log → batch → otlp_http with the default
 * in-memory sending queue. A line's offset is committed only once the backend took it, so a
 * kill -9 while the backend is down loses nothing, and the reader stays within its in-flight bound.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tally } from '../../receivers/file_log/testing';
import { storedFileLogConfig } from '../helpers/bridge-config';
import { startCollector, type RunningCollector } from '../helpers/collector';
import { OtlpSink } from '../helpers/sink';

/**
 * Lines file_log may have handed over without their offset committed: MAX_INFLIGHT batches of at
 * most MAX_ENTRIES lines (receivers/file_log/receiver.ts). The queue in memory no longer lets the
 * reader run past it, so this bounds both what is read ahead while the backend is down and what
 * can be sent twice after a crash.
 */
const IN_FLIGHT_BOUND = 8 * 2048;

function config(dir: string, sinkUrl: string): string {
  return storedFileLogConfig(dir, {
    include: '*.log',
    fileLog: { start_at: 'beginning', poll_interval: '20ms' },
    processors: { batch: { timeout: '50ms' } },
    exporter: ['otlp_http', { endpoint: sinkUrl, retry_on_failure: { initial_interval: '100ms', max_interval: '500ms', max_elapsed_time: '0s' } }],
  });
}

const lineOf = (i: number) => `${new Date(1_700_000_000_000 + i).toISOString()} INFO request ${String(i).padStart(7, '0')} handled`;
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => lineOf(from + k));

/** Distinct bodies in the requests the sink answered with `ok` (2xx) or not. */
function bodies(sink: OtlpSink, ok: boolean): string[] {
  return sink.requests.filter((r) => r.status < 300 === ok).flatMap((r) => r.logs.map((l) => String(l.body)));
}

async function allDelivered(sink: OtlpSink, want: string[], what: string): Promise<void> {
  const wanted = new Set(want);
  await sink.waitFor(() => new Set(bodies(sink, true).filter((b) => wanted.has(b))).size === wanted.size, 60000, what);
}

describe('file_log with an in-memory sending queue: end-to-end acknowledgement (real CLI)', function () {
  this.timeout(120000);
  let collector: RunningCollector | undefined;
  let sink: OtlpSink;
  let dir: string;
  let log: string;

  beforeEach(async () => {
    sink = await OtlpSink.start();
    dir = mkdtempSync(path.join(tmpdir(), 'file-log-acks-'));
    mkdirSync(path.join(dir, 'logs'));
    log = path.join(dir, 'logs', 'app.log');
    writeFileSync(log, '');
  });
  afterEach(async () => {
    await collector?.stop('SIGKILL');
    collector = undefined;
    await sink.close();
  });

  /** Phase one delivers `first` lines; then the backend goes down and `more` lines are written. */
  async function deliverThenBackendDown(first: number, more: number): Promise<string[]> {
    collector = await startCollector(config(dir, sink.url));
    const want = lines(0, first);
    appendFileSync(log, want.join('\n') + '\n');
    await allDelivered(sink, want, 'the lines written while the backend was up');
    sink.respondAlways({ status: 503 });
    const rest = lines(first, first + more);
    appendFileSync(log, rest.join('\n') + '\n');
    return [...want, ...rest];
  }

  it('is killed (-9) while the backend is down and restarted with it up: every line delivered, repeats within the in-flight bound', async () => {
    const want = await deliverThenBackendDown(5000, 20000);
    // The reader has read far ahead of the last export and its lines are being retried.
    await sink.waitFor(() => new Set(bodies(sink, false)).size >= 8000, 60000, 'failed exports of lines read while the backend is down');
    collector!.child.kill('SIGKILL');
    await collector!.waitForExit();
    const readAhead = new Set(bodies(sink, false)).size;
    assert.ok(readAhead <= IN_FLIGHT_BOUND, `read ahead of the backend: ${readAhead} lines, bound ${IN_FLIGHT_BOUND}`);

    sink.respondAlways({ status: 200 });
    collector = await startCollector(config(dir, sink.url));
    await allDelivered(sink, want, 'every line after the restart');
    await collector.stop('SIGTERM');
    collector = undefined;
    const t = tally(bodies(sink, true), want);
    console.log(`      (read ahead while down: ${readAhead} lines; after the restart: ${JSON.stringify(t)})`);
    assert.equal(t.missing, 0, JSON.stringify(t));
    assert.equal(t.unexpected, 0, JSON.stringify(t));
    assert.ok(t.duplicated <= IN_FLIGHT_BOUND, `repeated ${t.duplicated} lines, bound ${IN_FLIGHT_BOUND}: ${JSON.stringify(t)}`);
  });

  it('stops cleanly (SIGTERM) while the backend is down, without waiting out the shutdown deadline, and delivers every line exactly once after the restart', async () => {
    const want = await deliverThenBackendDown(2000, 6000);
    await sink.waitFor(() => new Set(bodies(sink, false)).size >= 6000, 60000, 'failed exports of the lines written while the backend is down');
    const began = Date.now();
    assert.equal(await collector!.stop('SIGTERM'), 0);
    const took = Date.now() - began;
    // The shutdown deadline is 30 s; exporters stop retrying as soon as shutdown begins, so the
    // receiver and the batch processor are not left waiting for deliveries that cannot happen.
    assert.ok(took < 20000, `shutdown took ${took} ms`);
    console.log(`      (shutdown with the backend down took ${took} ms)`);

    sink.respondAlways({ status: 200 });
    collector = await startCollector(config(dir, sink.url));
    await allDelivered(sink, want, 'every line after the restart');
    await collector.stop('SIGTERM');
    collector = undefined;
    assert.deepEqual(tally(bodies(sink, true), want), { missing: 0, duplicated: 0, unexpected: 0 });
  });
});
