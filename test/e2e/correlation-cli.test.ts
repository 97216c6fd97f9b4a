/**
 * Trace-id recovery through the real CLI with the seed scenario's Python lines (decimal 64-bit ids)
 * and hand-made Datadog traces: a modern tracer's 128-bit trace (`_dd.p.tid`), a trace that comes
 * seconds after its line, one that never comes, and a crash while lines wait.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bridgeConfig } from '../helpers/bridge-config';
import { startCollector, type RunningCollector } from '../helpers/collector';
import { metricValue } from '../helpers/metrics';
import { OtlpSink } from '../helpers/sink';

const FIXTURES = path.resolve(__dirname, '../fixtures/seed');
const TID = '6740b4f400000000';
const SEED_LOW = 'df8c4126fda6fb67';
const SEED_LINE = readFileSync(path.join(FIXTURES, 'python-app.log'), 'utf8').trimEnd();

/** The seed trace (v0.3 JSON, exact ids above 2^53), with `_dd.p.tid` on its first span as modern tracers send it. */
function seedTrace(): string {
  const body = readFileSync(path.join(FIXTURES, 'ddtrace-trace.json'), 'utf8');
  return body.replace('"meta": {', `"meta": {\n        "_dd.p.tid": "${TID}",`);
}

async function post(c: RunningCollector, version: 'v0.3' | 'v0.4', body: string): Promise<void> {
  const res = await fetch(`http://${c.address('datadog')}/${version}/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  assert.equal(res.status, 200, await res.text());
}

/** One root span per trace id, service `web`, 128-bit through `_dd.p.tid`. */
function traces(lows: number[]): string {
  const now = Date.now() * 1e6;
  return JSON.stringify(lows.map((low) => [{
    trace_id: low, span_id: low + 1, parent_id: 0, name: 'web.request', service: 'web', resource: 'GET /', start: now, duration: 1000, meta: { '_dd.p.tid': TID },
  }]));
}

/** A ddtrace Python line written now (the bridge reads it as UTC). */
function pythonLine(traceLow: number | string, spanId: number | string, msg: string, service = 'web'): string {
  const t = new Date().toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
  return `${t} INFO [app] [a.py:1] [dd.service=${service} dd.env=prod dd.version=1 dd.trace_id=${traceLow} dd.span_id=${spanId}] - ${msg}`;
}

/** The CLI with file offsets in file_storage and a chosen trace_index wait; logs and traces may go to different sinks. */
function storedConfig(o: { dir: string; wait: string; traces: string; logs: string }): string {
  return `receivers:
  datadog: { endpoint: 127.0.0.1:0 }
  file_log:
    include: [${JSON.stringify(path.join(o.dir, '*.log'))}]
    start_at: beginning
    poll_interval: 50ms
    storage: file_storage
processors:
  log_pipeline: { script: builtin:python-ddtrace, timezone: UTC }
  batch: { timeout: 50ms }
exporters:
  otlp_http/traces: { endpoint: ${o.traces} }
  otlp_http/logs:
    endpoint: ${o.logs}
    sending_queue: { enabled: false }
    retry_on_failure: { enabled: false }
extensions:
  file_storage: { directory: ${JSON.stringify(path.join(o.dir, 'storage'))} }
  trace_index: { wait: ${o.wait} }
service:
  extensions: [file_storage, trace_index]
  telemetry: { metrics: { address: "127.0.0.1:0" } }
  pipelines:
    traces: { receivers: [datadog], processors: [batch], exporters: [otlp_http/traces] }
    logs: { receivers: [file_log], processors: [log_pipeline, batch], exporters: [otlp_http/logs] }
`;
}

async function until(what: string, pred: () => Promise<boolean>, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('trace-id recovery through the CLI: seed lines, late and missing traces, kill -9', function () {
  this.timeout(90000);
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const f of cleanups.splice(0).reverse()) await f();
  });

  async function zeroConfigBridge(timezone: string) {
    const sink = await OtlpSink.start();
    const dir = mkdtempSync(path.join(tmpdir(), 'ddob-seed128-'));
    const logFile = path.join(dir, 'app.log');
    writeFileSync(logFile, '');
    const c = await startCollector(bridgeConfig({ sinkUrl: sink.url, traces: true, logs: { include: logFile, script: 'builtin:python-ddtrace', timezone } }));
    cleanups.push(() => sink.close(), async () => assert.equal(await c.stop(), 0, c.stderr()));
    return { sink, c, logFile };
  }

  it('joins the seed\'s decimal Python line to its 128-bit trace (a modern tracer\'s _dd.p.tid)', async () => {
    const { sink, c, logFile } = await zeroConfigBridge('Asia/Shanghai');
    await post(c, 'v0.3', seedTrace());
    appendFileSync(logFile, SEED_LINE + '\n');
    await sink.waitFor((s) => s.spans.length >= 8 && s.logs.length >= 1, 20000, 'the seed spans and log');
    const log = sink.logs[0];
    assert.equal(log.traceId, TID + SEED_LOW);
    assert.equal(log.attributes['datadog.trace.id'], '16108321602917563239');
    const span = sink.spans.find((s) => s.spanId === log.spanId);
    assert.ok(span, 'a span with the line\'s span id reached the sink');
    assert.equal(span.traceId, log.traceId);
    assert.equal(await metricValue(c.metricsUrl, 'otelcol_processor_log_pipeline_join_outcomes_total', { outcome: 'recovered' }), 1);
  });

  it('joins a line that arrives 2 s before its trace: the line waits, and goes the moment the trace comes', async () => {
    const { sink, c, logFile } = await zeroConfigBridge('UTC');
    appendFileSync(logFile, pythonLine('16108321602917563239', '12837828046733169079', 'Hello, World!', 'Python-App') + '\n');
    await until('the line to wait', async () => (await metricValue(c.metricsUrl, 'otelcol_trace_index_waiting_log_records')) === 1);
    await new Promise((r) => setTimeout(r, 2000)); // the scenario: the tracer flushes its trace later
    assert.equal(sink.logs.length, 0);
    const posted = Date.now();
    await post(c, 'v0.3', seedTrace());
    await sink.waitFor((s) => s.logs.length >= 1, 20000, 'the line');
    assert.equal(sink.logs[0].traceId, TID + SEED_LOW);
    assert.ok(sink.requests.find((r) => r.logs.length > 0)!.at >= posted, 'the line left after its trace came');
    assert.equal(await metricValue(c.metricsUrl, 'otelcol_trace_index_released_log_records_total', { reason: 'trace' }), 1);
  });

  it('releases a line whose trace never comes at the deadline, counted trace_not_seen, and commits its offset only after export', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ddob-orphan-'));
    const traceSink = await OtlpSink.start();
    const logSink = (await OtlpSink.start()).respondAlways({ delayMs: 120000 });
    cleanups.push(() => traceSink.close(), () => logSink.close());
    const config = storedConfig({ dir, wait: '1s', traces: traceSink.url, logs: logSink.url });
    const a = await startCollector(config);
    cleanups.push(() => a.stop('SIGKILL'));
    await post(a, 'v0.4', traces([1]));
    const appended = Date.now();
    writeFileSync(path.join(dir, 'app.log'), pythonLine(424242, 7, 'orphan') + '\n');
    await logSink.waitFor((s) => s.logs.length >= 1, 20000, 'the released line at the (slow) backend');
    assert.ok(logSink.requests[0].at - appended >= 900, 'released no earlier than its deadline');
    assert.equal(logSink.logs[0].traceId, '0000000000000000' + (424242).toString(16).padStart(16, '0'), 'as written');
    assert.equal(await metricValue(a.metricsUrl, 'otelcol_processor_log_pipeline_join_outcomes_total', { reason: 'trace_not_seen' }), 1);
    assert.equal(await metricValue(a.metricsUrl, 'otelcol_trace_index_released_log_records_total', { reason: 'deadline' }), 1);
    // The export is not answered yet: a crash now must not lose the line.
    a.child.kill('SIGKILL');
    await a.waitForExit();
    logSink.respondAlways({ status: 200 });
    const b = await startCollector(config);
    cleanups.push(async () => assert.equal(await b.stop(), 0, b.stderr()));
    await logSink.waitFor((s) => s.requests.length >= 2, 20000, 'the line offered again after the restart');
    assert.equal(logSink.requests[1].logs[0]?.body, 'orphan');
  });

  it('kill -9 while lines wait for their traces: nothing is lost; after the restart they join the traces that come', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ddob-kill-'));
    const sink = await OtlpSink.start();
    cleanups.push(() => sink.close());
    const config = storedConfig({ dir, wait: '30s', traces: sink.url, logs: sink.url });
    const a = await startCollector(config);
    cleanups.push(() => a.stop('SIGKILL'));
    await post(a, 'v0.4', traces([1]));
    const lows = Array.from({ length: 50 }, (_, i) => 1000 + i * 2);
    writeFileSync(path.join(dir, 'app.log'), lows.map((low) => pythonLine(low, low + 1, `line ${low}`)).join('\n') + '\n');
    await until('50 lines waiting', async () => (await metricValue(a.metricsUrl, 'otelcol_trace_index_waiting_log_records')) === 50);
    assert.equal(sink.logs.length, 0);
    a.child.kill('SIGKILL');
    await a.waitForExit();

    const b = await startCollector(config);
    cleanups.push(async () => assert.equal(await b.stop(), 0, b.stderr()));
    await post(b, 'v0.4', traces(lows));
    await sink.waitFor((s) => s.logs.length >= 50, 30000, 'every line after the restart');
    const bodies = new Set(sink.logs.map((l) => String(l.body)));
    assert.equal(bodies.size, 50, 'every line arrived');
    for (const l of sink.logs) {
      const low = Number(String(l.body).slice(5));
      assert.equal(l.traceId, TID + low.toString(16).padStart(16, '0'), `line ${low} joined its 128-bit trace`);
    }
  });
});
