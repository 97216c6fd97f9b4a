import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileScript, formatDiagnostics } from './index';
import { FIXTURES, checkResult, loadCases } from './testing';

// Cases that do not pin a zone must not depend on one; run them in a zone far from UTC+8.
const DEFAULT_TEST_ZONE = 'America/Denver';

describe('acceptance cases (pipeline-cases.json) through the library', () => {
  const cases = loadCases();
  it('has cases', () => assert.ok(cases.length >= 27));
  for (const c of cases) {
    it(c.name, () => {
      const { script, diagnostics } = compileScript(c.script, { name: `${c.name}.p`, timezone: c.tz ?? DEFAULT_TEST_ZONE });
      assert.ok(script, formatDiagnostics(diagnostics, c.script));
      checkResult(script.run({ message: c.input }), c.expected, c.name);
    });
  }
});

describe('seed: python-ddtrace.p on python-app.log', () => {
  it('gives exactly expected-log-fields.json', () => {
    const dir = path.join(FIXTURES, 'seed');
    const src = fs.readFileSync(path.join(dir, 'python-ddtrace.p'), 'utf8');
    const line = fs.readFileSync(path.join(dir, 'python-app.log'), 'utf8').replace(/\r?\n$/, '');
    const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected-log-fields.json'), 'utf8'));
    const { script, diagnostics } = compileScript(src, { name: 'python-ddtrace.p', timezone: 'Asia/Shanghai' });
    assert.ok(script, formatDiagnostics(diagnostics, src));
    const res = script.run({ message: line });
    assert.equal(res.error, undefined);
    const got: Record<string, unknown> = { ...res.fields };
    delete got.status;
    got.time = Number(res.timeNs);
    assert.deepEqual(got, expected);
    assert.equal(res.timeNs, 1623982028786000000n);
    assert.equal(res.fields.status, 'info');
  });
});
