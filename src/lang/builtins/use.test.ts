// use(): scripts found through a resolver, checked once with their user, cycles and missing
// scripts reported with the chain of use() calls, and run on the caller's point.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileScript, formatDiagnostics } from '../index';
import { scriptsDirectory, scriptsInMemory } from './env/scripts';

function compile(name: string, scripts: Record<string, string>) {
  return compileScript(scripts[name], { name, scripts: scriptsInMemory(scripts) });
}

describe('use()', () => {
  // pipeline-go fn_use_test.go TestUse: a.p and b.p work, c.p and d.p do not (a cycle and a missing script).
  // Upstream c.p separates its calls with spaces; this parser needs a newline or ";" between statements.
  const upstream = {
    'a.p': 'if true {use("b.p")}',
    'b.p': 'add_key(b,1)',
    'd.p': 'use("c.p")',
    'c.p': 'use("a.p"); use("d.p"); use("fcName.p")',
  };

  it('TestUse: a.p runs b.p on its point', () => {
    for (const name of ['a.p', 'b.p']) {
      const { script, diagnostics } = compile(name, upstream);
      assert.ok(script, formatDiagnostics(diagnostics, upstream[name as 'a.p']));
      const r = script.run({ message: 'x', tags: { ax: '1' } });
      assert.equal(r.fields.b, 1n);
      assert.deepEqual(r.tags, { ax: '1' });
      assert.equal(r.dropped, false);
    }
  });

  it('TestUse: c.p and d.p fail the check (cycle, missing script)', () => {
    for (const name of ['c.p', 'd.p']) assert.equal(compile(name, upstream).script, undefined, name);
    const { diagnostics } = compile('c.p', upstream);
    const text = formatDiagnostics(diagnostics, upstream['c.p']);
    assert.match(text, /circular use: c\.p -> d\.p -> c\.p/);
    assert.match(text, /script "fcName\.p" not found/);
  });

  // platypus pkg/engine/callref_test.go TestCallRefCheck.
  it('a chain of missing scripts names every use() on the way', () => {
    const s = { 'a.p': 'use("b.p")', 'b.p': 'use("c.p")', 'c.p': 'use("x.p")' };
    const { diagnostics } = compile('a.p', s);
    assert.equal(diagnostics.length, 1);
    const d = diagnostics[0];
    assert.equal(`${d.file}:${d.line}:${d.col}`, 'c.p:1:5');
    assert.equal(d.message, 'script "x.p" not found');
    assert.deepEqual(d.usedFrom, [{ file: 'b.p', line: 1, col: 5 }, { file: 'a.p', line: 1, col: 5 }]);
    assert.equal(formatDiagnostics(diagnostics, s['a.p']), 'c.p:1:5: error: script "x.p" not found\nuse("x.p")\n    ^\nhint: did you mean "a.p"?\nnote: used from b.p:1:5\nnote: used from a.p:1:5\n');
  });

  it('a syntax error in a used script shows its own line', () => {
    const s = { 'a.p': 'x = 1\nuse("b.p")', 'b.p': 'a b' };
    const { script, diagnostics } = compile('a.p', s);
    assert.equal(script, undefined);
    const text = formatDiagnostics(diagnostics, s['a.p']);
    assert.match(text, /^b\.p:1:3: error: .*\na b\n {2}\^\nnote: used from a\.p:2:5\n$/);
  });

  it('a cycle through the script itself', () => {
    const s = { 'a.p': 'use("b.p")', 'b.p': 'use("c.p")', 'c.p': 'use("b.p")' };
    const { diagnostics } = compile('a.p', s);
    assert.equal(diagnostics[0].message, 'circular use: a.p -> b.p -> c.p -> b.p');
    assert.deepEqual(diagnostics[0].usedFrom?.map((u) => u.file), ['b.p', 'a.p']);
  });

  it('a missing script suggests a near name', () => {
    const { diagnostics } = compileScript('use("comon.p")', { name: 'a.p', scripts: scriptsInMemory({ 'common.p': '' }) });
    assert.equal(diagnostics[0].hint, 'did you mean "common.p"?');
  });

  it('without a scripts directory use() fails the check and says what to configure', () => {
    const { diagnostics } = compileScript('use("b.p")', { name: 'a.p' });
    assert.match(diagnostics[0].message, /needs a scripts directory/);
    assert.match(diagnostics[0].hint ?? '', /scripts_dir/);
  });

  it('the used script has its own variables and its exit() ends only itself', () => {
    const s = { 'a.p': 'v = "caller"\nuse("b.p")\nadd_key(after, v)\nadd_key(seen, inner)', 'b.p': 'add_key(v_in_b, v)\ninner = 1\nadd_key(first, 1)\nexit()\nadd_key(never, 1)' };
    const r = compile('a.p', s).script!.run({ message: 'x' });
    assert.equal(r.fields.after, 'caller');
    assert.equal(r.fields.v_in_b, null);
    assert.equal(r.fields.seen, null);
    assert.equal(r.fields.first, 1n);
    assert.equal('never' in r.fields, false);
  });

  it('drop() in the used script drops the point', () => {
    assert.equal(compile('a.p', { 'a.p': 'use("b.p")', 'b.p': 'drop()' }).script!.run({ message: 'x' }).dropped, true);
  });

  it('a runtime error in a used script names it and the chain', () => {
    const s = { 'a.p': 'add_key(k, 1)\nuse("b.p")', 'b.p': 'use("c.p")', 'c.p': 'x = 1 + "a"' };
    const r = compile('a.p', s).script!.run({ message: 'x' });
    assert.match(r.error ?? '', /^c\.p:1:7: .* \(used from b\.p:1:5, a\.p:2:5\)$/);
    assert.equal(r.fields.k, 1n);
  });

  it('a script used twice is checked once and both calls run', () => {
    const twice = { 'a.p': 'use("b.p")\nuse("b.p")\nadd_key(n, cache_get("n"))', 'b.p': 'x = cache_get("n")\nif x == nil { x = 0 }\ncache_set("n", x + 1)\nbad(' };
    // One broken used script, two use() calls: its errors are reported once.
    assert.equal(compile('a.p', twice).diagnostics.length, 1);
    twice['b.p'] = 'x = cache_get("n")\nif x == nil { x = 0 }\ncache_set("n", x + 1)';
    assert.equal(compile('a.p', twice).script!.run({ message: '' }).fields.n, 2n);
  });

  describe('scriptsDirectory', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-use-'));
      fs.mkdirSync(path.join(dir, 'common'));
      fs.writeFileSync(path.join(dir, 'common', 'ids.p'), 'grok(_, "id=%{INT:id:int}")');
      fs.writeFileSync(path.join(dir, 'secret.txt'), 'x');
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('finds scripts in subdirectories and lists them', () => {
      const r = scriptsDirectory(dir);
      assert.deepEqual(r.names(), ['common/ids.p']);
      const { script } = compileScript('use("common/ids.p")', { name: 'a.p', scripts: r });
      assert.equal(script!.run({ message: 'id=7' }).fields.id, 7n);
    });

    it('does not leave the directory', () => {
      const r = scriptsDirectory(path.join(dir, 'common'));
      assert.equal(r.read('../secret.txt'), undefined);
      assert.equal(r.read(path.join(dir, 'secret.txt')), undefined);
    });
  });
});
