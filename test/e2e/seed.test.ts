/**
 * The scenario the product exists for, through the real CLI: a ddtrace Flask trace posted to the
 * datadog receiver and its log line appended to a tailed file arrive at an OTLP backend joined:
 * the log record carries exactly the trace and span ids of the span that wrote it.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bridgeConfig } from '../helpers/bridge-config';
import { startCollector } from '../helpers/collector';
import { OtlpSink } from '../helpers/sink';

const FIXTURES = path.resolve(__dirname, '../fixtures/seed');

describe('seed scenario end to end (real CLI)', function () {
  this.timeout(40000);

  it('joins the Flask log line to its span at the OTLP sink', async () => {
    const sink = await OtlpSink.start();
    const dir = mkdtempSync(path.join(tmpdir(), 'ddob-seed-'));
    const logFile = path.join(dir, 'app.log');
    writeFileSync(logFile, '');
    const c = await startCollector(
      bridgeConfig({ sinkUrl: sink.url, traces: true, logs: { include: path.join(dir, '*.log'), script: 'builtin:python-ddtrace', timezone: 'Asia/Shanghai' } }),
    );
    try {
      // The seed trace keeps its ids as exact JSON integers above 2^53: send the text unchanged.
      const body = readFileSync(path.join(FIXTURES, 'ddtrace-trace.json'), 'utf8');
      const res = await fetch(`http://${c.address('datadog')}/v0.3/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      assert.equal(res.status, 200, await res.text());
      appendFileSync(logFile, readFileSync(path.join(FIXTURES, 'python-app.log'), 'utf8').trimEnd() + '\n');

      await sink.waitFor((s) => s.spans.length >= 8 && s.logs.length >= 1, 20000, 'the seed spans and log');
    } finally {
      assert.equal(await c.stop(), 0, c.stderr());
      await sink.close();
    }
    assert.equal(sink.spans.length, 8);
    assert.equal(sink.logs.length, 1);
    const log = sink.logs[0];
    assert.equal(log.body, 'Hello, World!');
    assert.equal(log.severityText, 'INFO');
    assert.equal(log.severityNumber, 9);
    assert.equal(log.timeUnixNano, '1623982028786000000');
    assert.equal(log.traceId, '0000000000000000df8c4126fda6fb67');
    assert.equal(log.spanId, 'b22920973d13d1b7');
    assert.equal(log.resource.attributes['service.name'], 'Python-App');
    assert.equal(log.resource.attributes['deployment.environment.name'], 'Testing');
    assert.equal(log.resource.attributes['service.version'], 'V1.1');
    assert.equal(log.attributes['datadog.trace.id'], '16108321602917563239');
    assert.equal(log.attributes['datadog.span.id'], '12837828046733169079');

    const span = sink.spans.find((s) => s.spanId === log.spanId);
    assert.ok(span, 'a span with the log record\'s span id reached the sink');
    assert.equal(span.traceId, log.traceId);
    assert.equal(span.name.length > 0, true);
    assert.equal(span.resource.attributes['service.name'], log.resource.attributes['service.name']);
  });
});
