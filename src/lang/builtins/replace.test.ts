import * as assert from 'node:assert/strict';
import { compileScript, formatDiagnostics } from '../index';

function replaced(text: string, regex: string, repl: string): unknown {
  const src = `replace(_, ${JSON.stringify(regex)}, ${JSON.stringify(repl)})`;
  const { script, diagnostics } = compileScript(src, { name: 't.p', timezone: 'UTC' });
  assert.ok(script, formatDiagnostics(diagnostics, src));
  const r = script.run({ message: text });
  assert.equal(r.error, undefined, r.error);
  return r.fields.message;
}

// Go's Regexp.ReplaceAllString: an empty match right after a previous match is not
// replaced, and the search advances by one whole character (never half a surrogate pair).
describe('replace: Go ReplaceAll semantics for empty matches', () => {
  it('an empty match abutting a previous match is skipped', () => {
    assert.equal(replaced('baaac', 'a*', '-'), '-b-c-');
    assert.equal(replaced('aaa', 'a*', '$'), '$');
    assert.equal(replaced('abc', 'x*', '-'), '-a-b-c-');
  });
  it('empty matches advance by code point, not UTF-16 unit', () => {
    assert.equal(replaced('é😀z', '', '|'), '|é|😀|z|');
    assert.equal(replaced('😀😀', 'x*', '-'), '-😀-😀-');
  });
  it('non-empty matches are unchanged', () => {
    assert.equal(replaced('a1b22c', '[0-9]+', '#'), 'a#b#c');
    assert.equal(replaced('aaa', 'a*?', '-'), '-a-a-a-');
  });
});
