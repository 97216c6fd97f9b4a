import * as assert from 'node:assert/strict';
import { compileScript } from './index';
import { run } from './testing';

describe('script: Datakit\'s post-run rules', () => {
  it('a non-zero int time becomes the point time; any time key is removed', () => {
    const a = run('add_key(time, 1234)', '', { timeNs: 5n });
    assert.equal(a.timeNs, 1234n);
    assert.equal('time' in a.fields, false);
    const b = run('add_key(time, "x")', '', { timeNs: 5n });
    assert.equal(b.timeNs, 5n);
    assert.equal('time' in b.fields, false);
    assert.equal(run('add_key(time, 0)').timeNs, null);
  });
  it('status is normalised for logs', () => {
    const cases: Array<[string, string]> = [['W', 'warning'], ['err', 'err'], ['E', 'error'], ['ok', 'OK'], ['Trace', 'debug'], ['', 'info'], ['Custom', 'custom']];
    for (const [input, want] of cases) assert.equal(run(`add_key(status, "${input}")`).fields.status, want, input);
    assert.equal(run('drop_key(status)').fields.status, 'info');
    assert.equal(run('add_key(status, 3)').fields.status, 'info');
  });
  it('a status tag stays a tag', () => {
    const res = run('', '', { tags: { status: 'E' } });
    assert.equal(res.tags.status, 'error');
  });
  it('a point gets tags of its own: a tag written on one line is not on the next, and a run without tags gives none', () => {
    const { script } = compileScript('if _ == "tagged" { set_tag(kind, "t") }\nrename(renamed, kind)\npt_name("p")', { name: 'tags.p' });
    const first = script!.runMaps({ message: 'plain' });
    const tagged = script!.runMaps({ message: 'tagged' });
    const after = script!.runMaps({ message: 'plain' });
    assert.deepEqual([...tagged.tags], [['renamed', 't'], ['source', 'p']]);
    assert.deepEqual([...first.tags], [['source', 'p']]);
    assert.deepEqual([...after.tags], [['source', 'p']]);
    const { script: none } = compileScript('add_key(a, 1)', { name: 'none.p' });
    assert.equal(none!.runMaps({ message: 'x' }).tags.size, 0);
    assert.equal(none!.runMaps({ message: 'y' }).tags.size, 0);
  });
  it('other categories keep status untouched', () => {
    const { script } = compileScript('add_key(x, 1)', { name: 'm.p', category: 'other' });
    assert.equal('status' in script!.run({ message: '' }).fields, false);
  });
  it('a runtime error keeps earlier changes and skips the post-run steps', () => {
    const res = run('add_key(time, 99)\nadd_key(a, 1)\nx = 1 + "s"\nadd_key(b, 2)', '', { timeNs: 7n });
    assert.match(res.error ?? '', /t\.p:3:7: unsupported operand/);
    assert.equal(res.fields.a, 1n);
    assert.equal(res.fields.time, 99n);
    assert.equal('b' in res.fields, false);
    assert.equal(res.timeNs, 7n);
  });
  it('exit keeps changes and still runs the post-run steps', () => {
    const res = run('add_key(time, 42)\nexit()\nadd_key(b, 2)');
    assert.equal(res.timeNs, 42n);
    assert.equal('b' in res.fields, false);
  });
  it('exit inside a loop stops the whole script', () => {
    const res = run('for x in [1, 2, 3] {\n  add_key(last, x)\n  if x == 2 { exit() }\n}\nadd_key(after, 1)');
    assert.equal(res.fields.last, 2n);
    assert.equal('after' in res.fields, false);
  });
  it('input fields that are lists or maps are seen as JSON text', () => {
    const res = run('add_key(r, value_type(f))', '', { fields: { f: [1n, 'a'] } });
    assert.equal(res.fields.r, 'str');
  });
});

describe('script: limits', () => {
  it('absurd nesting is a diagnostic, not a crash', () => {
    const deep = 'a = ' + '('.repeat(20000) + '1' + ')'.repeat(20000);
    const { script, diagnostics } = compileScript(deep, { name: 'deep.p' });
    assert.equal(script, undefined);
    assert.match(diagnostics[0].message, /too deeply nested/);
  });
});
