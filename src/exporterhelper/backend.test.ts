import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { NO_HOST, testSettings } from '../component/testing';
import { defaults } from '../config/schema';
import { makeLogRecord } from '../data/builders';
import { ResourceCache } from '../data/resource';
import { Metrics } from '../telemetry/metrics';
import { BackendState, backendStatuses } from './backend';
import { retryConfig } from './config';
import { newExporter, type Batch } from './exporter';
import { exporterMetrics } from './metrics';
import { OK, type ExportResult } from './result';

interface Line {
  level: number;
  msg: string;
  signal?: string;
  err?: string;
  failedAttempts?: number;
  downForMs?: number;
}

function settings(id = 'otlp_http') {
  const metrics = new Metrics();
  const lines: Line[] = [];
  const out = new Writable({ write: (c, _e, cb) => (lines.push(JSON.parse(String(c))), cb()) });
  return { set: { ...testSettings(id, 'exporter', metrics), logger: pino({ level: 'info' }, out) }, metrics, lines };
}

const WARN = 40;
const INFO = 30;
const down: ExportResult = { kind: 'retryable', message: 'connect ECONNREFUSED 127.0.0.1:4318' };

describe('backend state (exporterhelper)', () => {
  it('warns the first time, at most once a minute while down, and says at info when the backend takes data again', async () => {
    const { set, metrics, lines } = settings();
    let t = 1_000_000;
    const b = new BackendState(set, 'traces', exporterMetrics(metrics, set.id, 'traces'), () => t);
    const gauge = () => metrics.value('otelcol_exporter_backend_up', { exporter: 'otlp_http', data_type: 'traces' });
    b.observe(OK);
    assert.equal(lines.length, 0, 'nothing to say while it works');
    assert.equal(await gauge(), 1);

    for (let i = 0; i < 50; i++, t += 1000) b.observe(down); // 50 s of failures
    assert.deepEqual(lines.map((l) => [l.level, l.msg, l.err]), [[WARN, 'The backend is not accepting data; retrying', down.message]]);
    assert.equal(await gauge(), 0);
    assert.equal(backendStatuses(metrics).get('otlp_http')?.get('traces')?.state, 'down');

    for (let i = 0; i < 70; i++, t += 1000) b.observe(down); // past the minute: one reminder
    assert.equal(lines.length, 2);
    assert.deepEqual([lines[1].level, lines[1].msg, lines[1].failedAttempts], [WARN, 'The backend is still not accepting data', 61]);

    b.observe({ kind: 'ok' });
    b.observe(OK);
    assert.equal(lines.length, 3);
    assert.deepEqual([lines[2].level, lines[2].msg, lines[2].failedAttempts, lines[2].downForMs], [INFO, 'The backend is accepting data again', 120, 120_000]);
    assert.equal(await gauge(), 1);
    assert.deepEqual(backendStatuses(metrics).get('otlp_http')?.get('traces'), { state: 'up', since: new Date(t) });
  });

  it('counts a permanent refusal as the backend answering', async () => {
    const { set, metrics, lines } = settings();
    const b = new BackendState(set, 'logs', exporterMetrics(metrics, set.id, 'logs'));
    b.observe(down);
    b.observe({ kind: 'permanent', message: 'HTTP 400: bad' });
    assert.deepEqual(lines.map((l) => l.msg), ['The backend is not accepting data; retrying', 'The backend is accepting data again']);
  });

  it('is fed by every attempt of the sending chain, retries included, and not by one shutdown interrupts', async () => {
    const { set, metrics, lines } = settings('otlp_http/chain');
    const answers: ExportResult[] = [down, down, down, OK];
    const resource = new ResourceCache().get({});
    const ex = newExporter<{ items: number }>({
      set,
      signals: ['logs'],
      encode: (b: Batch) => ({ items: b.items.length }),
      send: async () => answers.shift() ?? OK,
      retry: { ...defaults(retryConfig), initial_interval: 1, max_interval: 1 },
      timeoutMs: 1000,
    });
    await ex.start(NO_HOST);
    await ex.logs!.consume([makeLogRecord({ timeNs: 1n, observedNs: 1n, body: 'x', resource })]);
    assert.deepEqual(lines.filter((l) => l.level >= INFO).map((l) => [l.level, l.msg]), [
      [WARN, 'The backend is not accepting data; retrying'],
      [INFO, 'The backend is accepting data again'],
    ]);
    assert.equal(lines[1].failedAttempts, 3);
    assert.equal(await metrics.value('otelcol_exporter_backend_up', { exporter: 'otlp_http/chain', data_type: 'logs' }), 1);
    await ex.shutdown();
  });
});
