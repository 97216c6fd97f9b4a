// The helpers built-ins stand on: Go's url.Parse, raw JSON lookup (gjson), CSV.

import * as assert from 'node:assert/strict';
import { parseCsv } from './csv';
import { parseGoQuery, parseGoUrl } from './gourl';
import { rawAt } from './jsonraw';

describe('parseGoUrl (Go net/url.Parse)', () => {
  const ok: Array<[string, Partial<ReturnType<typeof parseGoUrl>>]> = [
    ['http://127.0.0.1:9529/v1/metrics?a=1', { scheme: 'http', host: '127.0.0.1:9529', port: '9529', path: '/v1/metrics', rawQuery: 'a=1' }],
    ['HTTPS://Example.COM/', { scheme: 'https', host: 'Example.COM', port: '', path: '/' }],
    ['http://[::1]:8080/x', { host: '[::1]:8080', port: '8080' }],
    ['http://user:pw@host/p%20q', { host: 'host', path: '/p q' }],
    ['http://host:/', { host: 'host:', port: '' }],
    ['/var/log/datakit/log', { scheme: '', host: '', path: '/var/log/datakit/log' }],
    ['//cdn.example/x', { scheme: '', host: 'cdn.example', path: '/x' }],
    ['mailto:a@b.c', { scheme: 'mailto', host: '', path: '' }],
    ['relative/path?x=1#frag', { path: 'relative/path', rawQuery: 'x=1' }],
    ['http://h/a+b', { path: '/a+b' }],
    ['http://例子.测试/', { host: '例子.测试' }],
  ];
  for (const [raw, want] of ok) it(`parses ${raw}`, () => assert.deepEqual({ ...parseGoUrl(raw), ...want }, parseGoUrl(raw)));
  const bad: Array<[string, RegExp]> = [
    ['http://host:port/', /invalid port ":port" after host/],
    ['http://h/%zz', /invalid URL escape "%zz"/],
    [':foo', /missing protocol scheme/],
    ['127.0.0.1:9529', /first path segment in URL cannot contain colon/],
    ['http://a b/', /invalid character " " in host name/],
    ['http://h/\x01', /invalid control character/],
    ['http://[::1/', /missing '\]' in host/],
    ['http://h%41/', /invalid URL escape "%41"/],
  ];
  for (const [raw, err] of bad) it(`refuses ${JSON.stringify(raw)}`, () => assert.throws(() => parseGoUrl(raw), err));

  it('query: repeated keys keep every value, + is a space, bad pairs are skipped', () => {
    assert.deepEqual([...parseGoQuery('a=1&a=2&b=x+y&c&bad=%zz&d=1;e=2&=v')], [['a', ['1', '2']], ['b', ['x y']], ['c', ['']], ['', ['v']]]);
  });
});

describe('rawAt (gjson lookup)', () => {
  const doc = '{ "a" : {"b": [1, {"c": "x\\"y"}, [ ]], "d": null}, "dup": 1, "dup": 2, "e.f": true }';
  it('finds objects and arrays as their raw text', () => {
    assert.deepEqual(rawAt(doc, ['a']), { kind: 'object', raw: '{"b": [1, {"c": "x\\"y"}, [ ]], "d": null}' });
    assert.deepEqual(rawAt(doc, ['a', 'b', '2']), { kind: 'array', raw: '[ ]' });
  });
  it('scalars, escapes, lengths, first of a duplicated key, dotted key names', () => {
    assert.deepEqual(rawAt(doc, ['a', 'b', '1', 'c']), { kind: 'string', raw: '"x\\"y"' });
    assert.deepEqual(rawAt(doc, ['a', 'b', '#']), { kind: 'number', raw: '3' });
    assert.deepEqual(rawAt(doc, ['dup']), { kind: 'number', raw: '1' });
    assert.deepEqual(rawAt(doc, ['a', 'd']), { kind: 'null', raw: 'null' });
    assert.deepEqual(rawAt(doc, ['e.f']), { kind: 'true', raw: 'true' });
  });
  it('missing paths and malformed text give undefined', () => {
    for (const p of [['x'], ['a', 'b', '9'], ['a', 'b', 'k'], ['dup', 'x']]) assert.equal(rawAt(doc, p), undefined, p.join('.'));
    assert.equal(rawAt('{"a": tru}', ['a']), undefined);
    assert.equal(rawAt('{"a" 1}', ['a']), undefined);
  });
});

describe('parseCsv (RFC 4180)', () => {
  it('quotes, doubled quotes, embedded newlines and commas, CRLF, no trailing empty row', () => {
    assert.deepEqual(parseCsv('a,b\r\n"x, y","say ""hi"""\n"multi\nline",\n'), [['a', 'b'], ['x, y', 'say "hi"'], ['multi\nline', '']]);
  });
});
