/**
 * The real dd-trace npm tracer with pino log injection: an Express app writes JSON log lines inside
 * its requests; the CLI tails them with the ready-made node-json script and receives the app's
 * traces. Every log line must reach the OTLP sink joined to a span that also reached it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bridgeConfig } from '../helpers/bridge-config';
import { REPO_ROOT, startCollector } from '../helpers/collector';
import { OtlpSink } from '../helpers/sink';
import { startTracedApp, stopTracedApp } from '../helpers/traced-app';

const APP = path.join(REPO_ROOT, 'test/fixtures/logs/pino-app.js');
const REQUESTS = 20;

function startApp(agentPort: number, logFile: string) {
  return startTracedApp<{ traceId: string; spanId: string; name: string }>(APP, {
    LOG_FILE: logFile,
    DD_SERVICE: 'shop',
    DD_ENV: 'e2e',
    DD_VERSION: '2.0.0',
    DD_TRACE_AGENT_URL: `http://127.0.0.1:${agentPort}`,
  });
}

describe('logs joined to traces: dd-trace + pino → CLI (file_log, log_pipeline node-json) → OTLP sink', function () {
  this.timeout(60000);

  it('joins every log line written inside a request to a span that reached the sink', async () => {
    const sink = await OtlpSink.start();
    const dir = mkdtempSync(path.join(tmpdir(), 'ddob-pino-'));
    const logFile = path.join(dir, 'app.log');
    writeFileSync(logFile, '');
    const c = await startCollector(bridgeConfig({ sinkUrl: sink.url, traces: true, logs: { include: logFile, script: 'builtin:node-json' } }));
    const app = await startApp(Number(c.address('datadog').split(':').pop()), logFile);
    try {
      for (let n = 0; n < REQUESTS; n++) {
        const res = await fetch(`${app.url}/order/${n}`);
        assert.equal(res.status, 200);
      }
      // Each request: an express root span, its handler spans and one work.step span; two log lines.
      await sink.waitFor((s) => s.logs.length >= REQUESTS * 2 && app.spans.every((x) => s.spans.some((y) => y.spanId === x.spanId)), 30000, 'all logs and spans');
    } finally {
      await stopTracedApp(app);
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
