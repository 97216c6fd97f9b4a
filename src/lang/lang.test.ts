import * as assert from 'node:assert/strict';
import { compileScript } from './index';
import { run } from './testing';
import { toDisplayJson } from './value';

function field(src: string, name = 'r', message = ''): string {
  const res = run(src, message);
  assert.equal(res.error, undefined, res.error);
  return toDisplayJson(res.fields[name] ?? null);
}

function checkFails(src: string): string {
  const { script, diagnostics } = compileScript(src, { name: 't.p' });
  assert.equal(script, undefined);
  return diagnostics.map((d) => d.message).join('\n');
}

describe('language: literals and lexing', () => {
  const table: Array<[string, string]> = [
    ['010', '8'], ['0x1f', '31'], ['08', '8.0'], ['1e3', '1000.0'], ['1.', '1.0'], ['-5', '-5'],
    ['9223372036854775807', '9223372036854775807'], ['9223372036854775808', '9223372036854776000.0'],
    ['"a\\tb"', '"a\\tb"'], ["'it\\'s'", '"it\'s"'], ['"\\x41\\u00e9\\101"', '"AéA"'], ['"\\xe6\\xb5\\x8b"', '"测"'],
    ["'''a\\d\nb'''", '"a\\\\d\\nb"'], ['TRUE', 'true'], ['Null', 'null'], ['inf > 1e308', 'true'],
  ];
  for (const [lit, want] of table) {
    it(`${lit.replace(/\n/g, '\\n')} → ${want}`, () => assert.equal(field(`r = ${lit}\nadd_key(r)`), want));
  }
  it('keywords are case-insensitive and need backticks as names', () => {
    assert.equal(field('If true { add_key(r, 1) } ELSE { add_key(r, 2) }'), '1');
    assert.match(checkFails('add_key(map, 1)'), /keyword "map"/);
    assert.equal(field('`map` = 3\nadd_key(r, `map`)'), '3');
  });
  it('comments run to end of line, also after code', () => {
    assert.equal(field('r = 5 # 1+1\nadd_key(r) # done'), '5');
  });
  it('backtick identifiers take arbitrary text', () => {
    const res = run('add_key(`@time stamp`, 1)');
    assert.equal(res.fields['@time stamp'], 1n);
  });
  it('rejects a raw newline in a quoted string and unknown escapes', () => {
    assert.match(checkFails('a = "x\ny"'), /unterminated string/);
    assert.match(checkFails('a = "\\["'), /unknown escape/);
    assert.match(checkFails('a = "\\\'"'), /unknown escape/);
  });
});

describe('language: operators', () => {
  const table: Array<[string, string]> = [
    ['1 / 2 + 1 - 2 * 1 + 3 % 2', '0'], ['7 / 2', '3'], ['-7 / 2', '-3'], ['-7 % 3', '-1'], ['7 / 2.0', '3.5'],
    ['true + true', '2'], ['"a" + "b"', '"ab"'], ['1 == 1.0', 'true'], ['1 == true', 'true'], ['"1" == 1', 'false'],
    ['nil == nil', 'true'], ['[1, {"a": 2}] == [1, {"a": 2}]', 'true'], ['2 > 1.5', 'true'], ['true >= 1', 'true'],
    ['1 < 2 == true', 'true'], ['"b" in "abc"', 'true'], ['1 in [1.0]', 'true'], ['"k" in {"k": nil}', 'true'],
    ['!0', 'true'], ['!"x"', 'false'], ['-(1 + 1)', '-2'], ['+true', '1'], ['9223372036854775807 + 1', '-9223372036854775808'],
    ['true || 1 / x', 'true'], ['false && 1 / x', 'false'], ['1 + 2 * 3 - 4 / 2', '5'], ['(1 + 2) * 3', '9'],
  ];
  for (const [expr, want] of table) {
    it(`${expr} → ${want}`, () => assert.equal(field(`x = 0\nr = ${expr}\nadd_key(r)`), want));
  }
  const errors: Array<[string, RegExp]> = [
    ['"a" + 1', /unsupported operand types for \+: str and int/], ['"a" - "b"', /unsupported operand/],
    ['"a" < "b"', /not comparable/], ['nil > 1', /not comparable/], ['1 && true', /must be bool/],
    ['true && 1', /must be bool/], ['1.5 % 2', /%: float/], ['1 / x', /division by zero/], ['1.5 / x', /division by zero/], ['1 in 2', /in int/],
    ['1 in {"a": 1}', /int in map/], ['[1][3]', /out of range/], ['nil + 1', /unsupported operand/],
  ];
  for (const [expr, re] of errors) {
    it(`${expr} is a runtime error`, () => {
      const res = run(`x = 0\nr = ${expr}`);
      assert.match(res.error ?? '', re);
      assert.match(res.error ?? '', /^t\.p:2:\d+: /);
    });
  }
  it('division by a zero literal is a check error', () => {
    assert.match(checkFails('a = 1 / 0'), /division by zero/);
    assert.match(checkFails('a = 1 % 0.0'), /division by zero/);
  });
});

describe('language: statements, scopes and data', () => {
  it('variables shadow fields; functions write the point', () => {
    const res = run('grok(_, "%{WORD:a}")\na = "var"\nadd_key(b, a)\ntrim(a)', 'field');
    assert.equal(res.fields.b, 'var');
    assert.equal(res.fields.a, 'var');
  });
  it('reads prefer variables, then tags, then fields', () => {
    const res = run('add_key(r1, host)\nhost = "v"\nadd_key(r2, host)', '', { tags: { host: 't' }, fields: { host: 'f' } });
    assert.equal(res.fields.r1, 't');
    assert.equal(res.fields.r2, 'v');
  });
  it('_ is the message, for reads and key arguments', () => {
    const res = run('add_key(r, _)\nuppercase(_)', 'abc');
    assert.equal(res.fields.r, 'abc');
    assert.equal(res.fields.message, 'ABC');
  });
  it('block variables vanish at the closing brace, outer ones are updated', () => {
    const res = run('a = 1\nif true {\n  a = 2\n  b = 3\n}\nadd_key(a)\nadd_key(b)');
    assert.equal(res.fields.a, 2n);
    assert.equal('b' in res.fields, false);
  });
  it('if / elif / else pick the first truthy branch', () => {
    assert.equal(field('x = 2\nif x == 1 { r = "one" } elif x == 2 { r = "two" } else { r = "many" }\nadd_key(r, r)'), 'null');
    assert.equal(field('x = 2\nr = ""\nif x == 1 { r = "one" } elif x == 2 { r = "two" } else { r = "many" }\nadd_key(r)'), '"two"');
    assert.equal(field('r = 0\nif [] { r = 1 } elif {"a": 1} { r = 2 }\nadd_key(r)'), '2');
  });
  it('for-in over lists, map keys and string characters; break and continue', () => {
    assert.equal(field('r = 0\nfor x in [1, 2, 3, 4] {\n  if x == 2 { continue }\n  if x == 4 { break }\n  r += x\n}\nadd_key(r)'), '4');
    assert.equal(field('r = 0\nfor k in {"a": 1, "b": 2} { r += 1 }\nadd_key(r)'), '2');
    assert.equal(field('r = ""\nfor c in "héllo" { r = c + r }\nadd_key(r)'), '"olléh"');
  });
  it('C-style for loops', () => {
    assert.equal(field('r = 0\nfor i = 0; i < 5; i = i + 1 { r += i }\nadd_key(r)'), '10');
    assert.equal(field('r = 0\nfor ;; {\n  r += 1\n  if r >= 3 { break }\n}\nadd_key(r)'), '3');
  });
  it('for over a literal number is a syntax error; over a nil value a runtime error', () => {
    assert.match(checkFails('for x in 1 { }'), /cannot iterate/);
    assert.match(run('for x in y { }').error ?? '', /cannot iterate over a nil/);
  });
  it('break outside a loop is a check error', () => assert.match(checkFails('break'), /outside of a loop/));
  it('index, negative index, nested assignment and slices', () => {
    assert.equal(field('a = [1, [2, 3]]\na[1][-1] = 9\nr = a[-1][1]\nadd_key(r)'), '9');
    assert.equal(field('m = {"a": {"b": 1}}\nm["a"]["c"] = 2\nadd_key(r, m)'), '"{\\"a\\":{\\"b\\":1,\\"c\\":2}}"');
    assert.equal(field('m = {}\nr = m["missing"]\nadd_key(r, r == nil)'), 'true');
    assert.equal(field('add_key(r, "hello"[1:4:2])'), '"el"');
    assert.equal(field('add_key(r, "hello"[::-2])'), '"olh"');
    assert.equal(field('add_key(r, "hello"[10:-1])'), '""');
    assert.equal(field('add_key(r, [1, 2, 3, 4][1:])'), '"[2,3,4]"');
    assert.match(run('m = {}\nm["a"]["b"] = 1').error ?? '', /cannot assign to an index of a nil/);
  });
  it('compound assignment', () => {
    assert.equal(field('r = 10\nr -= 3\nr *= 2\nr /= 4\nr %= 2\nadd_key(r)'), '1');
    assert.equal(field('r = "a"\nr += "b"\nadd_key(r)'), '"ab"');
  });
  it('multiple assignment parses but fails when run', () => {
    assert.match(run('a, b = 1, 2').error ?? '', /multiple assignment/);
  });
  it('lists and maps are references', () => {
    assert.equal(field('a = [1]\nb = a\nb[0] = 2\nadd_key(r, a[0])'), '2');
  });
  it('map literal keys must be strings', () => assert.match(checkFails('m = {1: 2}'), /map keys must be strings/));
  it('statements on one line need ";"', () => {
    assert.equal(field('a = 1; b = 2; add_key(r, a + b)'), '3');
    assert.match(checkFails('a = 1 b = 2'), /expected end of statement/);
  });
  it('newlines are allowed after operators, commas and brackets', () => {
    assert.equal(field('r = 1 +\n  2\nadd_key(r,\n  r\n)'), '3');
  });
  it('writes to a tag stay on the tag, as text', () => {
    const res = run('add_key(host, 5)', '', { tags: { host: 'a' } });
    assert.equal(res.tags.host, '5');
    assert.equal('host' in res.fields, false);
  });
  it('lists and maps are stored as Go JSON text (sorted keys, HTML escaping)', () => {
    assert.equal(run('add_key(r, {"b": "<&>", "a": [1.5, nil, true]})').fields.r, '{"a":[1.5,null,true],"b":"\\u003c\\u0026\\u003e"}');
  });
  it('attribute access is nothing as a value', () => assert.equal(field('a = {"b": 1}\nadd_key(r, a.b)'), 'null'));
});
