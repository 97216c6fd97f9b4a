import * as assert from 'node:assert/strict';
import { BUILTIN_PATTERNS } from './patterns';
import { builtinPattern, compileGrok, convertCapture, GrokError, runGrok } from './compile';
import { RegexError, translateRe2 } from './re2';
import { beginLine, endLine } from './guard';
import { compileScript } from '../index';

function grok(pattern: string, input: string, trim = true): Record<string, unknown> | null {
  const r = runGrok(compileGrok(pattern, builtinPattern), input, trim);
  return r && Object.fromEntries(r);
}

function re(src: string): RegExp {
  const t = translateRe2(src);
  return new RegExp(t.source, t.flags);
}

describe('grok: built-in library', () => {
  it('has the 78 Datakit patterns and every one compiles', () => {
    assert.equal(BUILTIN_PATTERNS.size, 78);
    for (const name of BUILTIN_PATTERNS.keys()) compileGrok(`%{${name}}`, builtinPattern);
  });
  it('COMMONENVOYACCESSLOG keeps the stray %{DATA:} as literal text', () => {
    assert.ok(builtinPattern('COMMONENVOYACCESSLOG')!.expanded.includes('%{DATA:}'));
  });
  it('matches an Apache combined line', () => {
    const m = grok('%{COMBINEDAPACHELOG}', '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326 "http://x/" "Mozilla/4.08"');
    assert.equal(m?.clientip, '127.0.0.1');
    assert.equal(m?.verb, 'GET');
    assert.equal(m?.agent, '"Mozilla/4.08"');
    assert.equal(m?.rawrequest, '');
  });
  it('EMAILLOCALPART admits "=" through the +-= range (the seed depends on it)', () => {
    assert.deepEqual(grok('%{EMAILLOCALPART:x}', 'a=b;c'), { x: 'a=b;c' });
  });
});

describe('grok: capture rules', () => {
  it('non-participating optional captures are written as ""', () => {
    assert.deepEqual(grok('%{WORD:a}(?: %{INT:b})?', 'x'), { a: 'x', b: '' });
  });
  it('duplicate names take the value of the last group, even if it did not participate', () => {
    assert.deepEqual(grok('(?:%{WORD:x}|%{INT:x})', 'abc'), { x: '' });
    assert.deepEqual(grok('%{INT:x} %{INT:x}', '1 2'), { x: '2' });
  });
  it('aliases with . and - become _', () => assert.deepEqual(grok('%{NUMBER:http.status-code}', '200'), { http_status_code: '200' }));
  it('aliases may start with a digit', () => assert.deepEqual(grok('%{INT:1st}', '7'), { '1st': '7' }));
  it('typed captures follow Go conversion rules', () => {
    const table: Array<[string, 'int' | 'float' | 'bool', unknown]> = [
      ['12', 'int', 12n], ['12.0', 'int', 12n], ['12.5', 'int', 0n], ['08', 'int', 0n], ['010', 'int', 8n], ['0x1f', 'int', 31n],
      ['abc', 'int', 0n], ['', 'int', 0n], ['99999999999999999999', 'int', 0n], ['-3', 'int', -3n],
      ['1.5', 'float', 1.5], ['1e3', 'float', 1000], ['x', 'float', 0], ['', 'float', 0],
      ['true', 'bool', true], ['T', 'bool', true], ['1', 'bool', true], ['yes', 'bool', false], ['False', 'bool', false],
    ];
    for (const [text, type, want] of table) assert.equal(convertCapture(text, type), want, `${type} ${text}`);
  });
  it('types declared in nested patterns propagate; the outer declaration wins', () => {
    const local = new Map([['P', { expanded: '(?P<n>[0-9]+)', types: new Map([['n', 'int' as const]]) }]]);
    const lookup = (name: string) => local.get(name) ?? builtinPattern(name);
    assert.deepEqual(Object.fromEntries(runGrok(compileGrok('%{P}', lookup), '42', true)!), { n: 42n });
    assert.deepEqual(Object.fromEntries(runGrok(compileGrok('%{P:n:float}', lookup), '42', true)!), { n: 42 });
  });
  it('trim_space trims captures unless disabled', () => {
    assert.deepEqual(grok('%{GREEDYDATA:x}', '  a b  '), { x: 'a b' });
    assert.deepEqual(grok('%{GREEDYDATA:x}', '  a b  ', false), { x: '  a b  ' });
  });
  it('unknown references and bad types are errors', () => {
    assert.throws(() => compileGrok('%{NOPE}', builtinPattern), GrokError);
    assert.throws(() => compileGrok('%{INT:x:long}', builtinPattern), /unsupported grok capture type/);
  });
  it('long inputs match as short ones do (they run under the deadline instead of a length cap)', () => {
    // A generous budget: this asserts the result, not the speed, on a loaded machine.
    beginLine(10000);
    try {
      assert.deepEqual(grok('%{WORD:w}$', ' '.repeat(100000) + 'last'), { w: 'last' });
    } finally {
      assert.equal(endLine(), 0);
    }
  });
});

describe('grok: looking for required literals first', () => {
  it('stops after a run of matches and starts again at the first input that fails, with the same answers', () => {
    const g = compileGrok('%{WORD:k}=%{INT:v}; %{WORD:u}', builtinPattern);
    assert.deepEqual(g.required, ['=', ';', ' ']);
    const run = (input: string) => runGrok(g, input, true);
    for (let i = 0; i < 40; i++) assert.deepEqual(Object.fromEntries(run(`k${i}=${i}; u`)!), { k: `k${i}`, v: String(i), u: 'u' });
    assert.equal(g.matchedInARow, 16, 'a run of matches turns the literals off');
    // Without the literals to look for, the regex alone still refuses what they would have.
    assert.equal(run('no literals here'), null);
    assert.equal(g.matchedInARow, 0, 'a failure turns them back on');
    assert.equal(run('a=1 but no semicolon'), null);
    assert.deepEqual(Object.fromEntries(run('a=1; b')!), { k: 'a', v: '1', u: 'b' });
    assert.equal(g.matchedInARow, 1);
  });
});

describe('grok: RE2 → JavaScript translation', () => {
  const matches: Array<[string, string, string | null]> = [
    ['a.c', 'a\rc', 'a\rc'], ['a.c', 'a\nc', null], ['(?s)a.c', 'a\nc', 'a\nc'],
    ['a\\sb', 'a\vb', null], ['a\\sb', 'a\tb', 'a\tb'], ['a\\Sb', 'a\u00a0b', 'a\u00a0b'],
    ['[[:alpha:]]+', 'ab1', 'ab'], ['[[:^digit:]]+', 'ab1', 'ab'], ['[[:space:][:digit:]]+', ' 1 a', ' 1 '],
    ['(?i)abc', 'xABc', 'ABc'], ['(?i)é', 'É', 'É'], ['a(?i:b)c', 'aBc', 'aBc'], ['a(?i:b)c', 'aBC', null], ['(?i)[a-c]+', 'xBCa', 'BCa'],
    ['(?U)a+', 'aaa', 'a'], ['(?U)a+?', 'aaa', 'aaa'],
    ['\\Qa.b\\E', 'axb a.b', 'a.b'], ['[]a]+', 'x]a]', ']a]'], ['[^]a]+', ']]bc', 'bc'],
    ['a{', 'a{', 'a{'], ['x{2}', 'xxx', 'xx'], ['\\x{41}\\x42', 'AB', 'AB'], ['\\101', 'A', 'A'], ['\\0', '\0', '\0'],
    ['\\pL+', '1éa2', 'éa'], ['\\p{Greek}+', 'xαβγ', 'αβγ'], ['\\PL+', 'ab12c', '12'], ['[\\p{Lu}\\d]+', 'aB1c', 'B1'], ['\\p{^L}', 'a1', '1'],
    ['\\Aab\\z', 'ab', 'ab'], ['\\Aab\\z', 'abc', null], ['(?m)^b$', 'a\nb\nc', 'b'], ['\\a', '\x07', '\x07'],
    ['a/b', 'a/b', 'a/b'], ['\\%\\=', '%=', '%='],
  ];
  for (const [pattern, input, want] of matches) {
    it(`${JSON.stringify(pattern)} on ${JSON.stringify(input)}`, () => {
      const m = re(pattern).exec(input);
      assert.equal(m ? m[0] : null, want);
    });
  }
  const rejects: Array<[string, RegExp]> = [
    ['(?=a)', /look-around/], ['(?!a)', /look-around/], ['(?<=a)b', /look-around/], ['(?<!a)b', /look-around/],
    ['(?>a)', /atomic/], ['a*+', /nested repetition/], ['a**', /nested repetition/], ['(a)\\1', /back-references/],
    ['a{1001}', /repeat count/], ['a{2,1}', /repeat count/], ['*a', /missing argument/], ['(a', /missing closing \)/],
    ['a)', /unexpected \)/], ['[a', /missing closing \]/], ['[z-a]', /class range/], ['\\p{Klingon}', /class range/],
    ['\\C', /not supported/], ['\\8', /invalid escape/], ['\\q', /invalid escape/], ['(?P<a-b>x)', /named capture/],
    ['(?z)', /unsupported Perl syntax/], ['[[:foo:]]', /class range/], ['x\\', /trailing backslash/],
  ];
  for (const [pattern, why] of rejects) {
    it(`rejects ${JSON.stringify(pattern)}`, () => assert.throws(() => translateRe2(pattern), (e: unknown) => e instanceof RegexError && why.test(e.message)));
  }
  it('numbers groups like Go and records names', () => {
    const t = translateRe2('(a)(?:b)(?P<x>c)(?<y>d)');
    assert.deepEqual(t.groupNames, [null, 'x', 'y']);
  });
  it('computes the literals every match needs', () => {
    assert.deepEqual(translateRe2('a=b?c(?:x|y)(?:z)+').required, ['a', '=', 'c', 'z']);
    assert.deepEqual(translateRe2('a|b').required, []);
  });
  it('never emits constructs the linear-time fallback engine cannot run', () => {
    for (const name of BUILTIN_PATTERNS.keys()) {
      const g = compileGrok(`%{${name}}`, builtinPattern);
      assert.ok(!/\(\?<?[=!]|\\[1-9]/.test(g.re.source), name);
      assert.ok(!g.re.flags.includes('i'), name);
    }
  });
});

describe('grok: add_pattern scoping (check time)', () => {
  const ok = (src: string) => compileScript(src, { name: 's.p' });
  it('a local pattern shadows a built-in one', () => {
    const { script } = ok('add_pattern("NUMBER", "\\\\d")\ngrok(_, "%{NUMBER:n}")');
    assert.equal(script!.run({ message: '123' }).fields.n, '1');
  });
  it('an inner block can override an outer pattern (code, not docs)', () => {
    const { script } = ok('add_pattern("p", "[a-z]+")\nif true {\n  add_pattern("p", "[0-9]+")\n  grok(_, "%{p:x}")\n}\ngrok(_, "%{p:y}")');
    const f = script!.run({ message: 'abc 123' }).fields;
    assert.equal(f.x, '123');
    assert.equal(f.y, 'abc');
  });
  it('a pattern added in a block is not visible after it', () => {
    assert.match(ok('if true {\n  add_pattern("p", "x")\n}\ngrok(_, "%{p}")').diagnostics[0].message, /no pattern found for %\{p\}/);
  });
  it('a later add_pattern in the same block replaces the earlier one', () => {
    const { script } = ok('add_pattern("p", "a")\nadd_pattern("p", "b")\ngrok(_, "%{p:x}")');
    assert.equal(script!.run({ message: 'ab' }).fields.x, 'b');
  });
  it('a pattern used before it is added is an error', () => {
    assert.match(ok('grok(_, "%{p}")\nadd_pattern("p", "x")').diagnostics[0].message, /no pattern found/);
  });
});
