import assert from 'node:assert/strict';
import path from 'node:path';
import { runCli } from '../helpers/collector';

const SEED = path.resolve(__dirname, '../fixtures/seed');

describe('dd-otel-bridge pipeline (the real binary)', function () {
  this.timeout(20000);

  it('runs the seed script on the seed line from stdin and prints the point as JSON', async () => {
    const { readFileSync } = await import('node:fs');
    const line = readFileSync(path.join(SEED, 'python-app.log'), 'utf8');
    const r = await runCli(['pipeline', '--script', path.join(SEED, 'python-ddtrace.p'), '--tz', 'Asia/Shanghai'], { input: line });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim());
    const expected = JSON.parse(readFileSync(path.join(SEED, 'expected-log-fields.json'), 'utf8'));
    assert.equal(out.time, String(expected.time));
    for (const [k, v] of Object.entries(expected)) if (k !== 'time') assert.equal(out.fields[k], v, k);
    assert.equal(out.dropped, false);
  });

  it('exits 1 with file:line:col diagnostics when the script does not check', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ddob-p-')), 'bad.p');
    writeFileSync(file, 'grok(_, "%{WORD:w}")\ndrop_keys(w)\n');
    const r = await runCli(['pipeline', '--script', file, '--input', 'x']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bad\.p:2:1: error: unknown function "drop_keys"/);
    assert.match(r.stderr, /did you mean "drop_key"\?/);
    assert.equal(r.stdout, '');
  });

  it('runs a ready-made script by builtin:NAME and prints the final OTel record with --record', async () => {
    const { readFileSync } = await import('node:fs');
    const line = readFileSync(path.join(SEED, 'python-app.log'), 'utf8');
    const r = await runCli(['pipeline', '--script', 'builtin:python-ddtrace', '--tz', 'Asia/Shanghai', '--record'], { input: line });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout.trim()), {
      timeUnixNano: '1623982028786000000',
      severityNumber: 9,
      severityText: 'INFO',
      body: 'Hello, World!',
      traceId: '0000000000000000df8c4126fda6fb67',
      spanId: 'b22920973d13d1b7',
      join: 'recoverable',
      resource: { 'service.name': 'Python-App', 'deployment.environment.name': 'Testing', 'service.version': 'V1.1' },
      attributes: { 'logger.name': '__main__', 'code.location': 'lt.py:26', 'datadog.trace.id': '16108321602917563239', 'datadog.span.id': '12837828046733169079' },
    });
    const points = await runCli(['pipeline', '--script', 'builtin:python-ddtrace', '--tz', 'Asia/Shanghai'], { input: line });
    assert.equal(JSON.parse(points.stdout.trim()).fields.trace_id, '16108321602917563239', 'without --record: the point');
  });

  it('--record shows the severity of the written level, pino error fields and the unjoined reason', async () => {
    const r = await runCli(['pipeline', '--script', 'builtin:node-json', '--record', '--input', '{"level":50,"msg":"bad","err":{"message":"boom"}}']);
    assert.equal(r.code, 0, r.stderr);
    const rec = JSON.parse(r.stdout);
    assert.equal(rec.severityNumber, 17);
    assert.equal(rec.severityText, 'error');
    assert.equal(rec.body, 'bad');
    assert.equal(rec.attributes['exception.message'], 'boom');
    assert.equal(rec.join, 'no_ids');
  });

  it('--scripts-dir lets use() find scripts as log_pipeline scripts_dir does, for points and --record', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(path.join(tmpdir(), 'ddob-p-'));
    mkdirSync(path.join(dir, 'lib'));
    writeFileSync(path.join(dir, 'lib', 'level.p'), 'grok(_, "%{WORD:level} %{GREEDYDATA:msg}")\n');
    const main = path.join(dir, 'main.p');
    writeFileSync(main, 'use("level.p")\n');
    const point = await runCli(['pipeline', '--script', main, '--scripts-dir', path.join(dir, 'lib'), '--input', 'WARN disk full']);
    assert.equal(point.code, 0, point.stderr);
    assert.equal(JSON.parse(point.stdout).fields.level, 'WARN');
    const rec = await runCli(['pipeline', '--script', main, '--scripts-dir', path.join(dir, 'lib'), '--record', '--input', 'WARN disk full']);
    assert.equal(rec.code, 0, rec.stderr);
    const r = JSON.parse(rec.stdout);
    assert.deepEqual([r.severityText, r.body], ['WARN', 'disk full']);
    const missing = await runCli(['pipeline', '--script', main, '--record', '--input', 'x']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /use\(\) needs a scripts directory/);
  });

  it('names the ready-made scripts when builtin:NAME is unknown', async () => {
    const r = await runCli(['pipeline', '--script', 'builtin:pyhton-ddtrace', '--input', 'x']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown ready-made script "pyhton-ddtrace" \(available: builtin:go-ddtrace, builtin:java-logback, builtin:node-json, builtin:python-ddtrace, builtin:python-json\)/);
  });
});
