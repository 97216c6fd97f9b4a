import * as assert from 'node:assert/strict';
import { compileScript, formatDiagnostics, RunResult } from '../index';
import { toDisplayJson } from '../value';

const NOW = BigInt(Date.UTC(2024, 2, 1, 12, 0, 0)) * 1000000n;

function run(src: string, message = '', tz = 'UTC'): RunResult {
  const { script, diagnostics } = compileScript(src, { name: 't.p', timezone: tz, now: () => NOW });
  assert.ok(script, formatDiagnostics(diagnostics, src));
  return script.run({ message, timeNs: 1n });
}

/** Runs `setup` on `input` and returns field `key` as display JSON ("<absent>" if missing). */
function out(src: string, key: string, message = '', tz = 'UTC'): string {
  const r = run(src, message, tz);
  assert.equal(r.error, undefined, r.error);
  return key in r.fields ? toDisplayJson(r.fields[key]) : '<absent>';
}

const utcNs = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) => String(BigInt(Date.UTC(y, mo - 1, d, h, mi, s, ms)) * 1000000n);

describe('built-ins: edge cases', () => {
  describe('json', () => {
    const t: Array<[string, string, string, string]> = [
      ['json(_, a)', '{"a": null}', 'a', '<absent>'],
      ['json(_, a)', '{"b": 1}', 'a', '<absent>'],
      ['json(_, a)', 'not json', 'a', '<absent>'],
      ['json(_, a, trim_space=false)', '{"a": " x "}', 'a', '" x "'],
      ['json(_, a)', '{"a": [1, {"b": true}]}', 'a', '"[1.0,{\\"b\\":true}]"'.replace('1.0', '1')],
      ['json(_, a[1].b, k)', '{"a": [1, {"b": true}]}', 'k', 'true'],
      ['json(_, a[-1])', '{"a": [1, 2]}', 'a[-1]', '2.0'],
      ['json(_, `fav.movie`)', '{"fav.movie": "Deer Hunter"}', 'fav.movie', '"Deer Hunter"'],
      ['json(_, a.b)', '{"a": {"b": 1.5e300}}', 'a.b', '1.5e+300'],
      ['r = json(_, a)\nadd_key(r)', '{}', 'r', 'false'],
    ];
    for (const [src, input, key, want] of t) it(`${src.replace(/\n/g, '; ')} on ${input}`, () => assert.equal(out(src, key, input), want));
  });

  describe('cast', () => {
    const t: Array<[string, string, string]> = [
      ['"abc"', 'int', '0'], ['"1e3"', 'int', '1000'], ['true', 'int', '1'], ['-3.9', 'int', '-3'], ['"0x10"', 'int', '0'],
      ['"2.5"', 'float', '2.5'], ['"x"', 'float', '0.0'], ['7', 'float', '7.0'],
      ['"TRUE"', 'bool', 'true'], ['"yes"', 'bool', 'false'], ['0.0', 'bool', 'false'], ['2', 'bool', 'true'],
      ['12', 'str', '"12"'], ['1.5', 'str', '"1.5"'], ['[1]', 'str', '"[1]"'],
    ];
    for (const [v, type, want] of t) it(`${v} as ${type} → ${want}`, () => assert.equal(out(`add_key(x, ${v})\ncast(x, "${type}")`, 'x'), want));
    it('missing key is a no-op', () => assert.equal(out('cast(nope, "int")', 'nope'), '<absent>'));
  });

  describe('default_time', () => {
    const t: Array<[string, string, string]> = [
      ['2021-12-02T11:55:43Z', 'UTC', utcNs(2021, 12, 2, 11, 55, 43)],
      ['2021-12-02T11:55:43+08:00', 'UTC', utcNs(2021, 12, 2, 3, 55, 43)],
      ['2021-12-02 11:55:43.123456789', 'UTC', String(BigInt(utcNs(2021, 12, 2, 11, 55, 43)) + 123456789n)],
      ['2021-12-02 11:55:43,786', 'Asia/Shanghai', utcNs(2021, 12, 2, 3, 55, 43, 786)],
      ['2021-12-02 11:55:43 +0800', 'UTC', utcNs(2021, 12, 2, 3, 55, 43)],
      ['2021/12/02 11:55:43', 'UTC', utcNs(2021, 12, 2, 11, 55, 43)],
      ['1638446143', 'Asia/Tokyo', '1638446143000000000'],
      ['1638446143123', 'UTC', '1638446143123000000'],
      ['1638446143123456', 'UTC', '1638446143123456000'],
      ['1638446143123456789', 'UTC', '1638446143123456789'],
      ['20211202115543', 'UTC', utcNs(2021, 12, 2, 11, 55, 43)],
      ['20211202', 'UTC', utcNs(2021, 12, 2)],
      ['Thu, 02 Dec 2021 11:55:43 +0800', 'UTC', utcNs(2021, 12, 2, 3, 55, 43)],
      ['Dec 2, 2021 11:55:43 PM', 'UTC', utcNs(2021, 12, 2, 23, 55, 43)],
      ['December 2th, 2021', 'UTC', utcNs(2021, 12, 2)],
      ['12/02/2021 11:55:43', 'UTC', utcNs(2021, 12, 2, 11, 55, 43)],
      ['12.02.2021', 'UTC', utcNs(2021, 12, 2)], // dotted dates are month first, as in dateparse
      ['2021年12月02日 11:55:43', 'UTC', utcNs(2021, 12, 2, 11, 55, 43)],
      ['02 Dec 2021 11:55:43.000', 'UTC', utcNs(2021, 12, 2, 11, 55, 43)],
      ['02 Dec 11:55:43.000', 'UTC', utcNs(2024, 12, 2, 11, 55, 43)],
      ['211202 11:55:43', 'UTC', utcNs(2021, 12, 2, 11, 55, 43)],
      ['2021/12/02 - 11:55:43', 'UTC', utcNs(2021, 12, 2, 11, 55, 43)],
      ['Thu Dec 2 11:55:43.000000 2021', 'UTC', utcNs(2021, 12, 2, 11, 55, 43)],
      ['2021-12-02 11:55:43.000 UTC', 'Asia/Shanghai', utcNs(2021, 12, 2, 3, 55, 43)],
      ['Thu Dec  2 11:55:43 CST 2021', 'Asia/Shanghai', utcNs(2021, 12, 2, 3, 55, 43)],
      ['Thu Dec  2 11:55:43 PST 2021', 'Asia/Shanghai', utcNs(2021, 12, 2, 11, 55, 43)],
    ];
    for (const [text, tz, want] of t) it(`${text} in ${tz}`, () => assert.equal(out(`add_key(t, "${text}")\ndefault_time(t)`, 't', '', tz), want));
    it('zone argument: "+8" table entry and IANA names', () => {
      assert.equal(out('add_key(t, "2021-12-02 11:55:43")\ndefault_time(t, "+8")', 't'), utcNs(2021, 12, 2, 3, 55, 43));
      assert.equal(out('add_key(t, "2021-12-02 11:55:43")\ndefault_time(t, "America/New_York")', 't'), utcNs(2021, 12, 2, 16, 55, 43));
    });
    it('failure writes the point time and pl_msg', () => {
      const r = run('add_key(t, "not a date")\ndefault_time(t)');
      assert.equal(r.fields.t, 1n);
      assert.match(String(r.fields.pl_msg), /^time convert failed/);
      const z = run('add_key(t, "2021-12-02 11:55:43")\ndefault_time(t, "+08:00")');
      assert.match(String(z.fields.pl_msg), /unknown time zone/);
    });
    it('month-first slashes reject day 31 in the month slot', () => assert.equal(typeof run('add_key(t, "31/03/2021")\ndefault_time(t)').fields.pl_msg, 'string'));
  });

  describe('datetime and time helpers', () => {
    const t: Array<[string, string, string]> = [
      ['1610960605000', 'ms", "%Y-%m-%dT%H:%M:%S%z', '"2021-01-18T09:03:25+0000"'],
      ['1610960605', 's", "%a %b %e %I:%M:%S %p %Z', '"Mon Jan 18 09:03:25 AM UTC"'],
      ['1610960605123456789', 'ns", "RFC3339Nano', '"2021-01-18T09:03:25.123456789Z"'],
      ['1610960605', 's", "Kitchen', '"9:03AM"'],
      ['1610960605', 's", "ANSIC', '"Mon Jan 18 09:03:25 2021"'],
      ['"1610960605"', 's", "%F %T', '"2021-01-18 09:03:25"'],
    ];
    for (const [v, rest, want] of t) it(`datetime(${v}, "${rest}")`, () => assert.equal(out(`add_key(t, ${v})\ndatetime(t, "${rest}")`, 't'), want));
    it('datetime in a zone with its abbreviation', () => assert.equal(out('add_key(t, 1610960605)\ndatetime(t, "s", "%H:%M %Z %z", "Asia/Shanghai")', 't'), '"17:03 CST +0800"'));
    it('default_time_with_fmt with an offset in the text', () => {
      assert.equal(out('add_key(t, "02/Jan/2006:15:04:05 -0700")\ndefault_time_with_fmt(t, "02/Jan/2006:15:04:05 -0700")', 't'), utcNs(2006, 1, 2, 22, 4, 5));
      assert.equal(out('add_key(t, "2006-01-02T15:04:05.5Z")\ndefault_time_with_fmt(t, "2006-01-02T15:04:05Z07:00")', 't'), String(BigInt(utcNs(2006, 1, 2, 15, 4, 5)) + 500000000n));
      assert.equal(out('add_key(t, "3:04PM Jan 2 2006")\ndefault_time_with_fmt(t, "3:04PM Jan _2 2006")', 't'), utcNs(2006, 1, 2, 15, 4));
      assert.equal(out('add_key(t, "2006-02-30")\ndefault_time_with_fmt(t, "2006-01-02")', 't'), '"2006-02-30"');
    });
    it('parse_duration', () => {
      const d: Array<[string, string]> = [['"1.5h"', '5400000000000'], ['"300ms"', '300000000'], ['"1µs"', '1000'], ['"0"', '0'], ['"1"', '"1"'], ['"-1m30s"', '-90000000000'], ['12', '12']];
      for (const [v, want] of d) assert.equal(out(`add_key(d, ${v})\nparse_duration(d)`, 'd'), want, v);
    });
    it('parse_date errors are runtime errors', () => {
      assert.match(run('parse_date(key="t", yy="2021", MM="13", dd="1")').error ?? '', /month 13 out of range/);
      assert.match(run('parse_date(key="t", yy="2021", MM="2", dd="30")').error ?? '', /day 30 out of range/);
    });
    it('parse_date fills missing parts from now and two-digit years', () => {
      assert.equal(out('parse_date(key="t", yy="21", MM="March", dd="1", hh="0", mm="0")', 't'), utcNs(2021, 3, 1));
      assert.equal(out('parse_date(key="t", hh="1", mm="2", zone="CST")', 't'), utcNs(2024, 2, 29, 17, 2));
    });
    it('timestamp uses the clock', () => assert.equal(out('add_key(t, timestamp("ms"))', 't'), String(NOW / 1000000n)));
    it('adjust_timezone moves a time 8 h in the future back to now', () => {
      assert.equal(out(`add_key(t, ${NOW + 8n * 3600000000000n - 5n})\nadjust_timezone(t)`, 't'), String(NOW - 5n));
    });
  });

  describe('strings', () => {
    it('strfmt verbs', () => {
      const t: Array<[string, string]> = [
        ['"%d|%5d|%-4d|%05d", 1, 2, 3, -4', '"1|    2|3   |-0004"'], ['"%s %v %v %v", "a", 1.0, nil, [1, "b"]', '"a 1 <nil> [1 b]"'],
        ['"%.3f %e %g", 3.14159, 123456.0, 1e21', '"3.142 1.234560e+05 1e+21"'], ['"%x %X %o %b", 255, 255, 8, 5', '"ff FF 10 101"'],
        ['"%t %q", true, "hi"', '"true \\"hi\\""'], ['"%d %s", "x"', '"%!d(string=x) %!s(MISSING)"'], ['"%d", 1, 2', '"1%!(EXTRA int64=2)"'],
        ['"100%%"', '"100%"'], ['"%v %v %v %v", 1000000.0, 123456.0, 0.0001, 0.00001', '"1e+06 123456 0.0001 1e-05"'],
        ['"%.3g|%.3g|%.2g", 1234.5, 0.5, 100.0', '"1.23e+03|0.5|1e+02"'], ['"%v", {"b": 1, "a": 2}', '"map[a:2 b:1]"'],
      ];
      for (const [args, want] of t) assert.equal(out(`strfmt(r, ${args})`, 'r'), want, args);
    });
    it('replace follows Go expansion', () => {
      assert.equal(out('add_key(s, "ab")\nreplace(s, "(a)(b)", "$2$1x${1}x$1x$$")', 's'), '"bax$"');
      assert.equal(out('add_key(s, "ab")\nreplace(s, "(?P<first>a)", "[$first]")', 's'), '"[a]b"');
      assert.equal(out('add_key(s, "aaa")\nreplace(s, "a*?", "-")', 's'), '"-a-a-a-"');
    });
    it('kv_split', () => {
      assert.equal(out('kv_split(_)', 'a', 'a=1'), '<absent>');
      assert.equal(out('add_key(r, kv_split(_, include_keys=[]))', 'r', 'a=1'), 'false');
      assert.equal(out('kv_split(_, "[,;]", include_keys=["b"])', 'b', 'a=1;b=2,c=3'), '"2"');
      assert.equal(out('kv_split(_, trim_key="[", trim_value="]", include_keys=["k"])', 'k', '[k=v]'), '"v"');
    });
    it('cover positions', () => {
      // A start of 0 counts from the end like a negative one (Go: start <= 0 → start + n + 1), so [0, 2] masks nothing.
      const t: Array<[string, string]> = [['[-4, -1]', '"1234****"'], ['[0, 2]', '"12345678"'], ['[5, 3]', '"12345678"'], ['[7, 100]', '"123456**"'], ['[-100, 2]', '"**345678"'], ['[2.9, 3.1]', '"1**45678"']];
      for (const [r, want] of t) assert.equal(out(`add_key(s, "12345678")\ncover(s, ${r})`, 's'), want, r);
      assert.equal(out('add_key(s, 5)\ncover(s, [1, 2])', 's'), '5');
    });
    it('trim, lowercase, uppercase on numbers and Unicode', () => {
      assert.equal(out('add_key(s, "\\u3000 x\\u00a0")\ntrim(s)', 's'), '"x"');
      assert.equal(out('add_key(s, 12)\nlowercase(s)', 's'), '"12"');
      assert.equal(out('add_key(s, "ǅ-ß-é")\nuppercase(s)', 's'), '"Ǆ-ß-É"');
    });
    it('url_decode', () => {
      assert.equal(out('add_key(u, "a+b%2Bc")\nurl_decode(u)', 'u'), '"a b+c"');
      assert.match(run('add_key(u, "%4")\nurl_decode(u)').error ?? '', /invalid URL escape/);
    });
    it('nullif is type-strict', () => {
      assert.equal(out('add_key(a, "1")\nnullif(a, 1)', 'a'), '"1"');
      assert.equal(out('add_key(a, 1)\nnullif(a, 1)', 'a'), '<absent>');
      assert.equal(out('add_key(a, nil)\nnullif(a, nil)', 'a'), '<absent>');
    });
    it('len and append on odd values', () => {
      assert.equal(out('add_key(n, len(12))', 'n'), '0');
      assert.equal(out('add_key(n, len({"a": 1}))', 'n'), '1');
      assert.equal(out('add_key(n, append("x", 1))', 'n'), 'null');
    });
    it('group_in / group_between with floats, strings and missing keys', () => {
      assert.equal(out('json(_, s)\ngroup_in(s, [200], "ok", r)', 'r', '{"s": 200}'), '<absent>');
      assert.equal(out('json(_, s)\ngroup_in(s, [200.0], "ok", r)', 'r', '{"s": 200}'), '"ok"');
      assert.equal(out('add_key(s, "abc")\ngroup_between(s, [0, 0], "zero", r)', 'r'), '"zero"');
      assert.equal(out('group_between(nope, [0, 10], "x", r)', 'r'), '<absent>');
    });
  });

  describe('keys, tags and the point', () => {
    it('rename keeps tags as tags', () => {
      const r = run('set_tag(a, "1")\nrename(b, a)');
      assert.equal(r.tags.b, '1');
      assert.equal('a' in r.tags, false);
    });
    it('rename onto an existing key replaces it; same name is a no-op', () => {
      assert.equal(out('add_key(a, 1)\nadd_key(b, 2)\nrename(b, a)', 'b'), '1');
      assert.equal(out('add_key(a, 1)\nrename(a, a)', 'a'), '1');
    });
    it('set_tag stringifies and removes the field', () => {
      const r = run('add_key(a, 1.5)\nset_tag(a)');
      assert.equal(r.tags.a, '1.5');
      assert.equal('a' in r.fields, false);
    });
    it('drop_key removes tags too', () => assert.equal('host' in run('set_tag(host, "x")\ndrop_key(host)').tags, false));
    it('add_key of nil stores nil', () => assert.equal(out('add_key(a, nil)', 'a'), 'null'));
    it('get_key ignores variables and reads tags', () => assert.equal(out('set_tag(h, "t")\nh = "v"\nadd_key(r, get_key(h))', 'r'), '"t"'));
    it('set_measurement from a variable value', () => assert.equal(run('n = "svc"\nset_measurement(n)').tags.source, 'svc'));
  });

  describe('sql_cover and user_agent', () => {
    it('sql_cover', () => {
      const t: Array<[string, string]> = [
        ["SELECT * FROM t WHERE a = 'x' AND b = 2", 'SELECT * FROM t WHERE a = ? AND b = ?'],
        ['select  a /* c */ from t where id in (1,2)', 'select a from t where id in ( ? )'],
        ['UPDATE t SET a = -1.5e3 WHERE id = 0x1F', 'UPDATE t SET a = ? WHERE id = ?'],
        ["SELECT 'unterminated", "SELECT 'unterminated"],
      ];
      for (const [sql, want] of t) assert.equal(run('sql_cover(_)', sql).fields.message, want);
    });
    it('user_agent on common browsers', () => {
      const t: Array<[string, Record<string, unknown>]> = [
        ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.1 Safari/605.1.15', { browser: 'Safari', browserVer: '16.1', os: 'Intel Mac OS X 10_15_7', ua: 'Macintosh' }],
        ['Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0', { browser: 'Firefox', browserVer: '115.0', engine: 'Gecko', engineVer: '109.0', os: 'Linux x86_64' }],
        ['Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Mobile Safari/537.36', { isMobile: true, os: 'Android 10', browser: 'Chrome' }],
        ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0', { browser: 'Edge', os: 'Windows 10' }],
        ['Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)', { browser: 'Internet Explorer', browserVer: '9.0', engine: 'Trident' }],
      ];
      for (const [ua, want] of t) {
        const f = run('user_agent(_)', ua).fields;
        for (const [k, v] of Object.entries(want)) assert.equal(f[k], v, `${k} of ${ua}`);
      }
    });
  });
});
