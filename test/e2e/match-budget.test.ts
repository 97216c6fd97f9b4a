/**
 * The per-line time budget of pattern matching through the real binary: the two hostile
 * lines (5.4 s and 5.6 s a line before) through the `pipeline` CLI and through a running bridge.
 * Each hostile match fails, the line is forwarded as the script left it and counted, and ordinary
 * lines around it are parsed in full.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli, startCollector } from '../helpers/collector';
import { OtlpSink } from '../helpers/sink';

const SCRIPT = 'hp = grok(_, "%{HOSTPORT:hostport}")\nem = grok(_, "%{EMAILADDRESS:email}")\nadd_key(parsed, true)\n';
const HOSTILE_HOSTPORT = '1.'.repeat(30000) + ':x';
const HOSTILE_EMAIL = 'a'.repeat(60000) + '@:.';
const NORMAL = 'connect db.example.com:5432 as ann@example.com';

describe('per-line time budget for grok (the real binary)', function () {
  this.timeout(60000);

  it('pipeline CLI: both hostile lines fail their match within the budget, are printed and counted; the normal line between them is parsed', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ddob-budget-')), 'hostile.p');
    writeFileSync(file, SCRIPT);
    const began = Date.now();
    const r = await runCli(['pipeline', '--script', file], { input: [HOSTILE_HOSTPORT, NORMAL, HOSTILE_EMAIL].join('\n') + '\n' });
    const took = Date.now() - began;
    console.log(`      (the CLI ran 3 lines, two of them hostile, in ${took} ms; over 11 s before the budget)`);
    assert.equal(r.code, 0, r.stderr);
    const [a, b, c] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    for (const [hostile, line] of [[a, HOSTILE_HOSTPORT], [c, HOSTILE_EMAIL]]) {
      assert.ok(hostile.budget_exceeded >= 1, JSON.stringify({ ...hostile, fields: undefined }));
      assert.equal(hostile.fields.message, line, 'forwarded as the script left it');
      assert.equal(hostile.fields.parsed, true, 'the script went on after the failed match');
      assert.ok(!('hostport' in hostile.fields) && !('email' in hostile.fields));
    }
    assert.equal(b.budget_exceeded, undefined);
    assert.equal(b.fields.hostport, 'db.example.com:5432');
    assert.equal(b.fields.email, 'ann@example.com');
    assert.ok(took < 8000, `${took} ms`);
  });

  it('running bridge: hostile lines are forwarded unparsed and counted, the lines around them are parsed', async () => {
    const sink = await OtlpSink.start();
    const dir = mkdtempSync(path.join(tmpdir(), 'ddob-budget-'));
    const log = path.join(dir, 'app.log');
    writeFileSync(log, '');
    const c = await startCollector(`
receivers:
  file_log: { include: [${JSON.stringify(log)}], start_at: beginning, poll_interval: 20ms }
processors:
  log_pipeline:
    script: ${JSON.stringify(SCRIPT)}
    match_budget: 5ms
  batch: { timeout: 20ms }
exporters:
  otlp_http: { endpoint: ${sink.url} }
service:
  telemetry: { metrics: { address: "127.0.0.1:0" } }
  pipelines:
    logs: { receivers: [file_log], processors: [log_pipeline, batch], exporters: [otlp_http] }
`);
    try {
      const lines = ['first ' + NORMAL, HOSTILE_HOSTPORT, 'second ' + NORMAL, HOSTILE_EMAIL, 'third ' + NORMAL];
      const began = Date.now();
      writeFileSync(log, lines.join('\n') + '\n');
      await sink.waitFor((s) => s.logs.length >= lines.length, 30000, 'every line');
      console.log(`      (5 lines, two of them hostile, written to exported in ${Date.now() - began} ms)`);
      const byBody = new Map(sink.logs.map((l) => [String(l.body), l.attributes]));
      for (const n of ['first', 'second', 'third']) {
        const attrs = byBody.get(`${n} ${NORMAL}`)!;
        assert.equal(attrs.hostport, 'db.example.com:5432', n);
        assert.equal(attrs.email, 'ann@example.com', n);
      }
      for (const h of [HOSTILE_HOSTPORT, HOSTILE_EMAIL]) {
        const attrs = byBody.get(h);
        assert.ok(attrs, 'the hostile line was forwarded');
        assert.equal(attrs.parsed, true);
        assert.ok(!('hostport' in attrs) && !('email' in attrs));
      }
      const metrics = await (await fetch(c.metricsUrl)).text();
      const counted = metrics.split('\n').filter((l) => l.startsWith('otelcol_processor_log_pipeline_match_budget_exceeded_total{'));
      assert.equal(counted.reduce((n, l) => n + Number(l.split(' ').pop()), 0), 2, metrics);
      await c.waitForLog((l) => /ran out of the per-record time budget/.test(l.msg));
    } finally {
      assert.equal(await c.stop(), 0, c.stderr());
      await sink.close();
    }
  });
});
