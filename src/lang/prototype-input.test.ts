import assert from 'node:assert/strict';
import { compileScript } from './index';

/** Input text that names Object.prototype members must stay text, never reach into it. */
describe('Pipeline: prototype names in scripts and lines', () => {
  it('a status of __proto__ or constructor is kept as text', () => {
    const { script } = compileScript('grok(_, "%{WORD:status}")', { name: 't.p', timezone: 'UTC' });
    for (const word of ['__proto__', 'constructor', 'toString']) {
      const r = script!.run({ message: word });
      assert.equal(r.error, undefined);
      assert.equal(r.fields.status, word.toLowerCase());
    }
  });

  it('a grok capture type or POSIX class named after a prototype member is a check error, not a crash', () => {
    for (const src of ['grok(_, "%{WORD:x:constructor}")', 'grok(_, "%{WORD:x:__proto__}")', 'match("[[:constructor:]]", _)', 'grok(_, "[[:constructor:]]")']) {
      const { script, diagnostics } = compileScript(src, { name: 't.p', timezone: 'UTC' });
      assert.equal(script, undefined, src);
      assert.equal(diagnostics.length, 1, src);
    }
  });

  it('a value too large to write (shared sub-lists) is a runtime error, not a hang', () => {
    const { script } = compileScript('a = [1]\nfor i = 0; i < 30; i += 1 { a = [a, a] }\nadd_key(z, a)', { name: 't.p', timezone: 'UTC' });
    const started = Date.now();
    const r = script!.run({ message: 'x' });
    assert.match(r.error ?? '', /too large/);
    assert.ok(Date.now() - started < 10000);
  });
});
