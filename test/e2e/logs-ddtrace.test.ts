/**
 * The real dd-trace npm tracer with pino log injection: an Express app writes JSON log lines inside
 * its requests; the CLI tails them with the ready-made node-json script and receives the app's
 * traces. Every log line must reach the OTLP sink joined to a span that also reached it.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT, startCollector } from '../helpers/collector';
import { OtlpSink } from '../helpers/sink';

const APP = path.join(REPO_ROOT, 'test/fixtures/logs/pino-app.js');
const REQUESTS = 20;

function startApp(agentPort: number, logFile: string): Promise<{ child: ChildProcess; url: string; spans: { traceId: string; spanId: string }[] }> {
  const child = spawn(process.execPath, [APP], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      LOG_FILE: logFile,
      DD_SERVICE: 'shop',
      DD_ENV: 'e2e',
      DD_VERSION: '2.0.0',
      DD_TRACE_AGENT_URL: `http://127.0.0.1:${agentPort}`,
      DD_TRACE_FLUSH_INTERVAL: '50',
      DD_TRACE_STARTUP_LOGS: 'false',
      DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false',
      DD_REMOTE_CONFIGURATION_ENABLED: 'false',
      DD_RUNTIME_METRICS_ENABLED: 'false',
      DD_PROFILING_ENABLED: 'false',
      DD_TRACE_STATS_COMPUTATION_ENABLED: 'false',
      DD_CRASHTRACKING_ENABLED: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const spans: { traceId: string; spanId: string }[] = [];
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start:\n${out}\n${err}`)), 20000);
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    let partial = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      partial += d;
      const lines = partial.split('\n');
      partial = lines.pop()!;
      for (const l of lines) {
        if (l.startsWith('SPAN ')) spans.push(JSON.parse(l.slice(5)));
        const m = /^LISTENING (\d+)$/.exec(l);
        if (m) {
          clearTimeout(timer);
          resolve({ child, url: `http://127.0.0.1:${m[1]}`, spans });
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`app exited with ${code}:\n${out}\n${err}`)));
  });
}

describe('logs joined to traces: dd-trace + pino → CLI (file_log, log_pipeline node-json) → OTLP sink', function () {
  this.timeout(60000);

  it('joins every log line written inside a request to a span that reached the sink', async () => {
    const sink = await OtlpSink.start();
    const dir = mkdtempSync(path.join(tmpdir(), 'ddob-pino-'));
    const logFile = path.join(dir, 'app.log');
    writeFileSync(logFile, '');
    const c = await startCollector(`
receivers:
  datadog:
    endpoint: 127.0.0.1:0
  file_log:
    include: [${JSON.stringify(logFile)}]
    start_at: beginning
    poll_interval: 50ms
processors:
  log_pipeline:
    script: builtin:node-json
  batch:
    timeout: 50ms
exporters:
  otlp_http:
    endpoint: ${sink.url}
service:
  telemetry:
    metrics: { address: "127.0.0.1:0" }
  pipelines:
    traces:
      receivers: [datadog]
      processors: [batch]
      exporters: [otlp_http]
    logs:
      receivers: [file_log]
      processors: [log_pipeline, batch]
      exporters: [otlp_http]
`);
    const app = await startApp(Number(c.address('datadog').split(':').pop()), logFile);
    try {
      for (let n = 0; n < REQUESTS; n++) {
        const res = await fetch(`${app.url}/work/${n}`);
        assert.equal(res.status, 200);
      }
      // Each request: an express root span, its handler spans and one work.step span; two log lines.
      await sink.waitFor((s) => s.logs.length >= REQUESTS * 2 && app.spans.every((x) => s.spans.some((y) => y.spanId === x.spanId)), 30000, 'all logs and spans');
    } finally {
      const exited = new Promise((r) => app.child.once('exit', r));
      app.child.kill('SIGTERM');
      await exited;
      assert.equal(await c.stop(), 0, c.stderr());
      await sink.close();
    }
    assert.equal(sink.logs.length, REQUESTS * 2, 'every line once, no duplicates');
    const spanIds = new Map(sink.spans.map((s) => [s.spanId, s]));
    const bodies = new Set<string>();
    for (const log of sink.logs) {
      bodies.add(String(log.body));
      const span = spanIds.get(log.spanId);
      assert.ok(span, `log "${log.body}" has span id ${log.spanId}, which no span at the sink has`);
      assert.equal(log.traceId, span.traceId, `log "${log.body}" is in the trace of its span`);
      assert.equal(log.resource.attributes['service.name'], 'shop');
      assert.equal(log.resource.attributes['deployment.environment.name'], 'e2e');
    }
    for (let n = 0; n < REQUESTS; n++) {
      assert.ok(bodies.has(`request ${n} started`));
      assert.ok(bodies.has(`step of request ${n}`));
    }
    const step = sink.logs.find((l) => l.body === 'step of request 0')!;
    assert.equal(spanIds.get(step.spanId)!.name, 'work.step', 'a line logged inside a nested span joins that span');
    assert.equal(step.severityNumber, 13);
  });
});
