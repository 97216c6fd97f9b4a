/**
 * Trace-id recovery with the real dd-trace tracer: an Express app writes pino lines with log
 * injection while making 128-bit traces. With DD_TRACE_128_BIT_TRACEID_LOGGING_ENABLED=false it
 * logs only the decimal low 64 bits (as most tracer versions do by default); the bridge, with no
 * trace_index configured, completes them from the traces it receives. Every line must reach the
 * independent sink with the trace and span ids of a span that reached it too: lines in nested
 * spans, in an error handler and on both sides of an HTTP call.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bridgeConfig } from '../helpers/bridge-config';
import { REPO_ROOT, startCollector } from '../helpers/collector';
import { metricValue } from '../helpers/metrics';
import { OtlpSink } from '../helpers/sink';
import { startTracedApp, stopTracedApp } from '../helpers/traced-app';

const APP = path.join(REPO_ROOT, 'test/fixtures/logs/pino-app.js');
const N = 4;
/** Lines per kind of request: /order 2, /checkout 2 + the 2 of the /order it calls, /fail 1. */
const LINES = N * 2 + N * 4 + N;

async function runApp(env: NodeJS.ProcessEnv) {
  const sink = await OtlpSink.start();
  const dir = mkdtempSync(path.join(tmpdir(), 'ddob-corr-'));
  const logFile = path.join(dir, 'app.log');
  writeFileSync(logFile, '');
  const c = await startCollector(bridgeConfig({ sinkUrl: sink.url, traces: true, logs: { include: logFile, script: 'builtin:node-json' } }));
  const app = await startTracedApp<{ traceId: string; spanId: string; name: string }>(APP, {
    LOG_FILE: logFile,
    DD_SERVICE: 'shop',
    DD_ENV: 'e2e',
    DD_VERSION: '2.0.0',
    DD_TRACE_AGENT_URL: `http://127.0.0.1:${c.address('datadog').split(':').pop()}`,
    // The tracer's own default (2 s): lines reach the bridge well before their traces.
    DD_TRACE_FLUSH_INTERVAL: '2000',
    ...env,
  });
  let joins: Record<string, number> = {};
  try {
    for (let n = 0; n < N; n++) {
      assert.equal((await fetch(`${app.url}/order/${n}`)).status, 200);
      assert.equal((await fetch(`${app.url}/checkout/${n}`)).status, 200);
      assert.equal((await fetch(`${app.url}/fail/${n}`)).status, 500);
    }
    await sink.waitFor((s) => s.logs.length >= LINES && app.spans.every((x) => s.spans.some((y) => y.spanId === x.spanId)), 40000, 'all logs and spans');
    for (const outcome of ['joined', 'recovered', 'unjoined']) {
      joins[outcome] = await metricValue(c.metricsUrl, 'otelcol_processor_log_pipeline_join_outcomes_total', { outcome });
    }
  } finally {
    await stopTracedApp(app);
    assert.equal(await c.stop(), 0, c.stderr());
    await sink.close();
  }
  const written = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { dd: { trace_id: string }; msg: string });
  return { sink, app, written, joins };
}

function assertEveryLineJoins(sink: OtlpSink) {
  assert.equal(sink.logs.length, LINES, 'every line once');
  const spans = new Map(sink.spans.map((s) => [s.spanId, s]));
  for (const log of sink.logs) {
    const span = spans.get(log.spanId);
    assert.ok(span, `line "${log.body}" has span id ${log.spanId}, which no span at the sink has`);
    assert.equal(log.traceId, span.traceId, `line "${log.body}" has the trace id of its span`);
    assert.notEqual(log.traceId.slice(0, 16), '0000000000000000', 'dd-trace makes 128-bit traces');
  }
  const byBody = (b: string) => sink.logs.find((l) => l.body === b)!;
  assert.equal(spans.get(byBody('step of request 0').spanId)!.name, 'work.step', 'a line in a nested span joins that span');
  const before = byBody('checkout 1 started');
  const downstream = sink.logs.filter((l) => l.body === 'request 1 started' || l.body === 'step of request 1');
  assert.ok(downstream.some((l) => l.traceId === before.traceId), 'lines of the called request are in the caller\'s trace');
  const failed = byBody('request /fail/2 failed');
  assert.equal(failed.severityNumber, 17);
  assert.equal(failed.attributes['exception.type'], 'TypeError');
  assert.match(String(failed.attributes['exception.stacktrace']), /TypeError: cannot fail order/);
  assert.equal(failed.attributes.route, '/fail/2');
}

describe('trace-id recovery: real dd-trace + pino → CLI (no trace_index configured) → OTLP sink', function () {
  this.timeout(120000);

  it('with DD_TRACE_128_BIT_TRACEID_LOGGING_ENABLED=false, completes every line\'s 64-bit trace id: 100% joined', async () => {
    const { sink, written, joins } = await runApp({ DD_TRACE_128_BIT_TRACEID_LOGGING_ENABLED: 'false' });
    assert.ok(written.every((l) => /^\d+$/.test(l.dd.trace_id)), 'the tracer logged decimal 64-bit ids');
    assertEveryLineJoins(sink);
    assert.deepEqual(joins, { joined: 0, recovered: LINES, unjoined: 0 });
  });

  it('with the flag at its default (128-bit ids in the lines), still 100% joined, as written', async () => {
    const { sink, written, joins } = await runApp({});
    assert.ok(written.every((l) => /^[0-9a-f]{32}$/.test(l.dd.trace_id)), 'the tracer logged 128-bit ids');
    assertEveryLineJoins(sink);
    assert.deepEqual(joins, { joined: LINES, recovered: 0, unjoined: 0 });
  });
});
