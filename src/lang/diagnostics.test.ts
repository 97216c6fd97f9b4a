import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileScript, formatDiagnostics } from './index';
import { FIXTURES } from './testing';

// Golden files: test/fixtures/lang/diagnostics/NAME.p and NAME.golden.
// Regenerate after an intended change with UPDATE_GOLDEN=1.
const dir = path.join(FIXTURES, 'diagnostics');

describe('diagnostics (golden)', () => {
  const scripts = fs.readdirSync(dir).filter((f) => f.endsWith('.p')).sort();
  it('has golden scripts', () => assert.ok(scripts.length >= 6));
  for (const file of scripts) {
    it(file, () => {
      const src = fs.readFileSync(path.join(dir, file), 'utf8');
      const { script, diagnostics } = compileScript(src, { name: file, timezone: 'UTC' });
      assert.equal(script, undefined, 'a golden script must fail to check');
      const text = formatDiagnostics(diagnostics, src);
      const goldenPath = path.join(dir, file.replace(/\.p$/, '.golden'));
      if (process.env.UPDATE_GOLDEN) fs.writeFileSync(goldenPath, text);
      assert.equal(text, fs.readFileSync(goldenPath, 'utf8'));
    });
  }

  it('reports every syntax error of a script at once', () => {
    const src = 'a = (1 +\nb = 2\nadd_key(c, [1, 2)\nd = 3 4\n';
    const { diagnostics } = compileScript(src, { name: 's.p' });
    assert.deepEqual(diagnostics.map((d) => d.line), [2, 3, 4]);
  });

  it('formats the exact shape file:line:col, source line, caret, hint', () => {
    const src = 'a = 1\n  drop_keys(a)\n';
    const { diagnostics } = compileScript(src, { name: 'script.p' });
    assert.equal(formatDiagnostics(diagnostics, src), 'script.p:2:3: error: unknown function "drop_keys"\n  drop_keys(a)\n  ^\nhint: did you mean "drop_key"?\n');
  });

  it('keeps tabs in the caret line', () => {
    const src = '\tdrop_keys(a)';
    const { diagnostics } = compileScript(src, { name: 't.p' });
    assert.equal(formatDiagnostics(diagnostics, src).split('\n')[2], '\t^');
  });

  it('suggests only close names', () => {
    const hint = (src: string) => compileScript(src, { name: 's.p' }).diagnostics[0].hint;
    assert.equal(hint('lowercas(_)'), 'did you mean "lowercase"?');
    assert.equal(hint('frobnicate(_)'), undefined);
  });

  it('the hint for a bare type name is the corrected call, which compiles and runs', () => {
    const src = 'grok(_, "%{INT:code}")\ncast(code, int)';
    const { diagnostics } = compileScript(src, { name: 'c.p' });
    assert.equal(diagnostics.length, 1, formatDiagnostics(diagnostics, src));
    const fixed = (diagnostics[0].hint ?? '').replace(/^write the type as a string: /, '');
    assert.equal(fixed, 'cast(code, "int")');
    const { script } = compileScript(src.replace('cast(code, int)', fixed), { name: 'c.p' });
    assert.equal(script?.run({ message: '200' }).fields.code, 200n);
  });

  it('rejects an unknown time zone option', () => {
    const { script, diagnostics } = compileScript('drop()', { name: 'z.p', timezone: 'Nowhere/City' });
    assert.equal(script, undefined);
    assert.match(diagnostics[0].message, /unknown time zone/);
  });
});
