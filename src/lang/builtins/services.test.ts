// The built-ins that use what the embedding application provides, run through compiled scripts
// with the real services: cache, point windows, reference tables, IP databases; plus xml and
// json_all. Upstream cases are from pipeline-go ptinput/funcs/*_test.go, ported as data.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CompileOptions, compileScript, formatDiagnostics } from '../index';
import { ScriptCache } from './env/cache';
import { openIpDatabase } from './env/ipdb';
import { loadReferTables } from './env/refer-tables';
import { writeTestIpDatabases } from './env/testing';
import { PointWindows } from './env/windows';

function compile(src: string, opts: Partial<CompileOptions> = {}) {
  const { script, diagnostics } = compileScript(src, { name: 't.p', timezone: 'UTC', ...opts });
  assert.ok(script, formatDiagnostics(diagnostics, src));
  return script;
}

let dir: string;
before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-services-')); });
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cache_get / cache_set', () => {
  // fn_cache_test.go TestCache
  it('test_set_get_with_exp and test_set_get_without_exp', () => {
    for (const src of ['cache_set("a", "123", 5)\na = cache_get("a")\nadd_key(abc, a)', 'a = cache_set("a", "123")\na = cache_get("a")\nadd_key(abc, a)']) {
      assert.equal(compile(src).run({ message: '[]' }).fields.abc, '123');
    }
  });

  it('entries expire, by the script clock', () => {
    let now = 1_000_000_000_000n;
    const cache = new ScriptCache();
    const set = compile('cache_set("k", _, 2)', { cache, now: () => now });
    const get = compile('add_key(v, cache_get("k"))', { cache, now: () => now });
    set.run({ message: 'hello' });
    now += 1_999_000_000n;
    assert.equal(get.run({ message: '' }).fields.v, 'hello');
    now += 1_000_000n;
    assert.equal(get.run({ message: '' }).fields.v, null);
  });

  it('is bounded: least recently used entries go first, large values are refused, TTLs are clamped', () => {
    const cache = new ScriptCache({ maxEntries: 2, maxValueBytes: 10, maxTtlSeconds: 5 });
    assert.equal(cache.set('a', 1n, 100, 0n), true);
    cache.set('b', 2n, 100, 0n);
    cache.get('a', 0n);
    cache.set('c', 3n, 100, 0n);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('b', 0n), undefined);
    assert.equal(cache.get('a', 0n), 1n);
    assert.equal(cache.set('big', 'x'.repeat(11), 1, 0n), false);
    assert.equal(cache.get('c', 5_000_000_000n), undefined, 'a TTL of 100 s is clamped to 5 s');
  });

  it('a cached list is a copy: changing what was read does not change the cache', () => {
    const s = compile('cache_set("l", [1])\nl = cache_get("l")\nl[0] = 9\nadd_key(again, cache_get("l"))');
    assert.equal(s.run({ message: '' }).fields.again, '[1]');
  });

  it('a key that is not a string: check error as a literal, runtime error otherwise', () => {
    assert.equal(compileScript('cache_get(1)', { name: 't.p' }).script, undefined);
    assert.match(compile('k = 1\ncache_get(k)').run({ message: '' }).error ?? '', /argument "key" of cache_get\(\) must be str, got int/);
  });
});

describe('point_window / window_hit', () => {
  /** Runs `src` on each line (tags host/filepath per line) and collects what the windows release. */
  function windowRun(src: string, lines: string[], streams?: string[]): string[] {
    const script = compile(src, { windows: true });
    const windows = new PointWindows<string>();
    const released: string[] = [];
    lines.forEach((line, i) => {
      const r = script.run({ message: line, tags: { host: 'a', filepath: streams?.[i] ?? 'b' } });
      if (r.window) released.push(...windows.settle(r.window, line, r.dropped));
    });
    return released;
  }

  // fn_pt_window_test.go TestPtWindow
  it('case 1: all dropped, a hit on "4" releases the three before and the next ones', () => {
    assert.deepEqual(windowRun('point_window(3,3)\ndrop()\nif _ == "4" {\n  window_hit()\n}', ['1', '2', '3', '4', '5', '6']), ['1', '2', '3', '4', '5', '6']);
  });
  it('case 2: the first point_window of a run wins; streams are apart', () => {
    const src = 'point_window(3,3)\npoint_window(2,2)\nif _ == "4" {\n  window_hit()\n}\nif _ != "6" {\n  drop()\n}';
    assert.deepEqual(windowRun(src, ['1', '2', '3', 'xx', '4', '5', '6', '7'], ['b', 'b', 'b', 'xx', 'b', 'b', 'b', 'b']), ['1', '2', '3', '4', '5']);
  });
  it('case 3: a record that was kept takes its place in the window', () => {
    const src = 'point_window(3,3, ["host", "filepath"])\nif _ == "4" {\n  window_hit()\n}\nif _ != "3" {\n  drop()\n}';
    assert.deepEqual(windowRun(src, ['1', '2', '3', '4', '5', '6', '7']), ['1', '2', '4', '5', '6']);
  });
  it('case 4: a second hit', () => {
    const src = 'point_window(3,3)\nif _ == "4" {\n  window_hit()\n}\nif _ != "6" {\n  drop()\n}\nif _ == "7" {\n  window_hit()\n}';
    assert.deepEqual(windowRun(src, ['1', '2', '3', '4', '5', '6', '7']), ['1', '2', '3', '4', '5', '7']);
  });
  it('case 5: only the last `before` are held, released oldest first (Go releases its ring in slot order: 3, 1, 2)', () => {
    assert.deepEqual(windowRun('point_window(3,3)\ndrop()\nif _ == "4" {\n  window_hit()\n}', ['0', '1', '2', '3', '4', '5', '6']), ['1', '2', '3', '4', '5', '6']);
  });
  it('window_hit without point_window does nothing; a run that never calls point_window reports no window', () => {
    const r = compile('window_hit()', { windows: true }).run({ message: 'x' });
    assert.equal(r.window, undefined);
  });
  it('without a caller holding windows both fail the check, saying why', () => {
    const { diagnostics } = compileScript('point_window(1, 1)\nwindow_hit()', { name: 't.p' });
    assert.equal(diagnostics.length, 2);
    assert.match(diagnostics[0].message, /needs a caller that holds point windows/);
  });
  it('the number of streams is bounded', () => {
    const w = new PointWindows<number>({ maxStreams: 2 });
    for (let i = 0; i < 5; i++) w.settle({ stream: String(i), before: 1, after: 1, hit: false }, i, true);
    assert.equal(w.streams, 2);
    assert.deepEqual([w.held, w.forgotten], [2, 3], 'a forgotten stream lets go of what it held');
  });

  describe('bounds on what is held, all streams together', () => {
    const req = (stream: string, hit = false) => ({ stream, before: 3, after: 1, hit });

    it('counts records and bytes held; a record moved out of its window leaves without being forgotten', () => {
      const w = new PointWindows<string>({ sizeOf: (s) => s.length });
      for (const s of ['a', 'bb', 'ccc', 'dddd']) w.settle(req('x'), s, true);
      assert.deepEqual([w.held, w.heldBytes, w.forgotten], [3, 9, 0]);
      assert.deepEqual(w.settle(req('x', true), 'e', false), ['bb', 'ccc', 'dddd']);
      assert.deepEqual([w.held, w.heldBytes], [0, 0]);
    });

    it('past maxHeld the oldest held record of any stream is let go, and a hit no longer releases it', () => {
      const w = new PointWindows<string>({ maxHeld: 2 });
      w.settle(req('x'), 'x1', true);
      w.settle(req('y'), 'y1', true);
      w.settle(req('x'), 'x2', true);
      assert.deepEqual([w.held, w.forgotten], [2, 1]);
      assert.deepEqual(w.settle(req('x', true), 'x3', false), ['x2']);
      assert.deepEqual(w.settle(req('y', true), 'y2', false), ['y1']);
    });

    it('past maxHeldBytes likewise', () => {
      const w = new PointWindows<string>({ maxHeldBytes: 10, sizeOf: (s) => s.length });
      w.settle(req('x'), '123456', true);
      w.settle(req('x'), '7890ab', true);
      assert.deepEqual([w.held, w.heldBytes, w.forgotten], [1, 6, 1]);
      assert.deepEqual(w.settle(req('x', true), 'hit', false), ['7890ab']);
    });

    it('forget() lets go of everything held, the windows and their hits stay', () => {
      const w = new PointWindows<string>();
      w.settle({ stream: 'x', before: 3, after: 2, hit: true }, 'hit', false);
      w.settle(req('y'), 'y1', true);
      assert.equal(w.forget(), 1);
      assert.deepEqual([w.held, w.forgotten, w.streams], [0, 1, 2]);
      assert.deepEqual(w.settle(req('x'), 'after', true), ['after'], 'x was still after its hit');
    });
  });
});

describe('query_refer_table / mquery_refer_table', () => {
  // func_query_refer_table_test.go testTableData and TestQueryReferTable
  const TABLES = JSON.stringify([
    { table_name: 'table1', column_name: ['key1', 'key2', 'f1', 'f2'], column_type: ['string', 'float', 'int', 'bool'], row_data: [['a', 123, '123', 'false'], ['ab', '1234', '123', 'true'], ['ab', '1234', '123', 'false']] },
    { table_name: 'table2', primary_key: ['key1', 'key2'], column_name: ['key1', 'key2', 'f1', 'f2'], column_type: ['string', 'float', 'int', 'bool'], row_data: [['a', 123, '123', 'true'], ['a', '1234', '123', 'true']] },
  ]);
  const ROW_A = { key1: 'a', key2: 123, f1: 123n, f2: false };
  const NONE = {};
  const cases: Array<[string, string, Record<string, unknown>]> = [
    ['test query', 'add_key(f1, 123)\nquery_refer_table("table1", key = "f1", value= f1)', ROW_A],
    ['test query multi', 'add_key(f1, 123)\nmquery_refer_table("table1", ["f1"], values= [f1])', ROW_A],
    ['test int', 'query_refer_table("table1", "f1", 123)', ROW_A],
    ['test string', 'query_refer_table("table1", "key1", "a")', ROW_A],
    ['test string 2', 't = "table1"\nk = "key1"\nv = "a"\nquery_refer_table(t, k, v)', ROW_A],
    ['test float', 'query_refer_table("table1", "key2", 123.)', ROW_A],
    ['test bool', 'query_refer_table("table1", "f2", false)', ROW_A],
    ['test float but int', 'query_refer_table("table1", "key2", 123)', NONE],
    ['test query, key not find', 'query_refer_table("table1", "f1", f1)', NONE],
    ['test query, positional keyword', 'query_refer_table("table1", "f1", value=f1)', NONE],
    ['test-multi', 'key = "f2"\nvalue = "ab"\nmquery_refer_table("table1", ["key1", key], [value, false])', { key1: 'ab', key2: 1234, f1: 123n, f2: false }],
  ];
  let referTables: ReturnType<typeof loadReferTables>;
  before(() => {
    fs.writeFileSync(path.join(dir, 'a.json'), TABLES);
    referTables = loadReferTables([path.join(dir, 'a.json')]);
  });
  for (const [name, src, want] of cases) {
    it(name, () => {
      const r = compile(src, { referTables }).run({ message: name });
      for (const k of ['key1', 'key2', 'f2']) assert.deepEqual(r.fields[k], (want as Record<string, unknown>)[k], `${name}: ${k}`);
      if ('f1' in want) assert.equal(r.fields.f1, want.f1);
    });
  }

  it('CSV: one table per file, typed by its header', () => {
    fs.writeFileSync(path.join(dir, 'hosts.csv'), 'name,team,port:int,up:bool\nweb1,"shop, eu",8080,true\r\n"db""1",data,5432,false\n');
    const t = loadReferTables([path.join(dir, 'hosts.csv')]);
    const r = compile('query_refer_table("hosts", "name", _)', { referTables: t }).run({ message: 'web1' });
    assert.deepEqual({ team: r.fields.team, port: r.fields.port, up: r.fields.up }, { team: 'shop, eu', port: 8080n, up: true });
    assert.equal(compile('query_refer_table("hosts", "name", _)', { referTables: t }).run({ message: 'db"1' }).fields.team, 'data');
  });

  it('bad tables fail with the file and the problem', () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify([{ table_name: 't', column_name: ['a'], column_type: ['date'], row_data: [] }]));
    assert.throws(() => loadReferTables([bad]), /table "t": unsupported column type "date"/);
    fs.writeFileSync(bad, JSON.stringify([{ table_name: 't', column_name: ['a'], column_type: ['int'], row_data: [['x']] }]));
    assert.throws(() => loadReferTables([bad]), /row 0, column "a": cannot read "x" as int/);
    assert.throws(() => loadReferTables([path.join(dir, 'none.json')]), /cannot read ".*none\.json": ENOENT/);
  });

  it('without tables both functions fail the check, saying what to configure', () => {
    const { diagnostics } = compileScript('query_refer_table("t", "a", 1)', { name: 't.p' });
    assert.match(diagnostics[0].hint ?? '', /refer_tables/);
  });
});

describe('geoip', () => {
  let ipdb: ReturnType<typeof openIpDatabase>;
  before(() => {
    const files = writeTestIpDatabases(dir);
    ipdb = openIpDatabase(files.city, files.isp);
  });
  const geo = (ip: string) => compile('geoip(_)', { ipdb }).run({ message: ip }).fields;

  it('IPv4 and IPv6, with the ISP database', () => {
    assert.deepEqual(geo('203.0.113.9'), { message: '203.0.113.9', city: 'Brisbane', province: 'Queensland', country: 'AU', isp: 'Example Net', status: 'info' });
    assert.equal(geo('2001:db8::1').city, 'Berlin');
    assert.equal(geo('2001:db8::1').isp, 'unknown');
  });
  it('Hong Kong is written as CN with the region as province (Datakit CheckData)', () => {
    assert.deepEqual([geo('198.51.100.1').country, geo('198.51.100.1').province], ['CN', 'Hong Kong']);
  });
  it('an address the database does not know writes empty names; text that is not an address writes nothing', () => {
    assert.deepEqual([geo('192.0.2.1').city, geo('192.0.2.1').country, geo('192.0.2.1').isp], ['', '', 'unknown']);
    assert.equal('city' in geo('not-an-ip'), false);
  });
  it('a file that is not an MMDB database is refused, naming it', () => {
    const f = path.join(dir, 'x.mmdb');
    fs.writeFileSync(f, 'not a database');
    assert.throws(() => openIpDatabase(f), (e: Error & { which?: string }) => e.which === 'city' && /".*x\.mmdb" is not a MaxMind DB/.test(e.message));
  });
});

describe('xml', () => {
  // fn_xml_test.go TestXML
  const ENTRY = '<entry>\n  <fieldx>valuex</fieldx>\n  <fieldy>...</fieldy>\n  <fieldarray>\n    <fielda>element_a_1</fielda>\n    <fielda>element_a_2</fielda>\n  </fieldarray>\n</entry>';
  const ORDER = ' <OrderEvent actionCode = "5">\n <OrderNumber>ORD12345</OrderNumber>\n <VendorNumber>V11111</VendorNumber>\n </OrderEvent>';
  const cases: Array<[string, string, string, string, string | undefined]> = [
    ['normal', ENTRY, "xml(_, '/entry/fieldx/text()', new_name)", 'new_name', 'valuex'],
    ['select array field', ENTRY, "xml(_, '/entry/fieldarray//fielda[1]/text()', field_a_1)", 'field_a_1', 'element_a_1'],
    ['select attribute', ORDER, "xml(_, '/OrderEvent/@actionCode', action_code)", 'action_code', '5'],
    ['node OrderNumber', ORDER, "xml(_, '/OrderEvent/OrderNumber/text()', OrderNumber)", 'OrderNumber', 'ORD12345'],
    ['node VendorNumber', ORDER, "xml(_, '/OrderEvent/VendorNumber/text()', VendorNumber)", 'VendorNumber', 'V11111'],
    ['not a valid XML', 'Not a valid XML', "xml(_, '/OrderEvent/VendorNumber/text()', VendorNumber)", 'VendorNumber', undefined],
    ['an element gives its text', ENTRY, "xml(_, '/entry/fieldarray', a)", 'a', '\n    element_a_1\n    element_a_2\n  '],
    ['a number', ENTRY, "xml(_, 'count(//fielda)', n)", 'n', '2'],
  ];
  for (const [name, input, src, key, want] of cases) {
    it(name, () => assert.equal(compile(src).run({ message: input }).fields[key], want));
  }
  it('not a valid xpath expr: fails the check here (Datakit ignores it at run time)', () => {
    const { diagnostics } = compileScript("xml(_, 'invalid xpath expr', VendorNumber)", { name: 't.p' });
    assert.match(diagnostics[0].message, /not a valid XPath 1\.0 expression/);
  });
});

describe('json_all', () => {
  it('flattens objects, keeps lists as JSON text, skips nulls', () => {
    const f = compile('json_all()').run({ message: '{"a": {"b": {"c": true}}, "n": 1.5, "l": [1, {"x": null}], "z": null}' }).fields;
    assert.deepEqual({ c: f['a.b.c'], n: f.n, l: f.l, z: 'z' in f }, { c: true, n: 1.5, l: '[1,{"x":null}]', z: false });
  });
  it('text that is not a JSON object writes nothing', () => {
    for (const m of ['nope', '"s"', '[1]']) assert.deepEqual(Object.keys(compile('json_all()').run({ message: m }).fields).sort(), ['message', 'status']);
  });
});
