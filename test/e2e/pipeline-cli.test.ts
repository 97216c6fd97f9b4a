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
});
