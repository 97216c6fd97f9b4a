// Cases of the Go engine's own tests (GuanceCloud/pipeline-go ptinput/funcs/*_test.go) for the
// built-ins fixed to behave as Go does, ported as data: script, input, the key Go reads and the
// value it expects, or that the check fails. Names are the upstream test and case names.

import * as assert from 'node:assert/strict';
import { TextDecoder } from 'node:util';
import { compileScript, formatDiagnostics } from '../index';
import { type Value, toDisplayJson } from '../value';

interface Case {
  name: string;
  script: string;
  input?: string;
  fields?: Record<string, Value>;
  tags?: Record<string, string>;
  /** The key Go reads after the run and what it holds; undefined means absent. */
  key?: string;
  want?: Value;
  /** Read the point name instead of a key. */
  ptName?: string;
  /** Go's runner refuses the script. */
  checkFails?: boolean;
}

function check(c: Case): void {
  const { script, diagnostics } = compileScript(c.script, { name: 't.p', timezone: 'UTC' });
  if (c.checkFails) {
    assert.equal(script, undefined, `${c.name}: should fail the check`);
    return;
  }
  assert.ok(script, formatDiagnostics(diagnostics, c.script));
  const r = script.run({ message: c.input ?? '', fields: c.fields, tags: c.tags });
  assert.equal(r.error, undefined, r.error);
  if (c.ptName !== undefined) assert.equal(r.tags.source, c.ptName);
  if (c.key === undefined) return;
  const got = c.key in r.fields ? r.fields[c.key] : c.key in r.tags ? r.tags[c.key] : undefined;
  assert.equal(got === undefined ? '<absent>' : toDisplayJson(got), c.want === undefined ? '<absent>' : toDisplayJson(c.want), `${c.name}: ${c.key}`);
}

function suite(title: string, cases: Case[]): void {
  describe(title, () => {
    for (const c of cases) it(c.name, () => check(c));
  });
}

/** GBK bytes of `text` as a line read with one character per byte (the reverse of Node's GBK decoder). */
function gbkLatin1(text: string): string {
  const table = new Map<string, string>();
  const dec = new TextDecoder('gbk');
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      const ch = dec.decode(Buffer.from([hi, lo]));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, String.fromCharCode(hi, lo));
    }
  }
  return [...text].map((ch) => (ch.charCodeAt(0) < 0x80 ? ch : table.get(ch) ?? '?')).join('');
}

const DECODE = ['测试一下', '不知道', '测试一下123456', '哈哈哈哈哈', '-汪98阿萨德离开家'];
suite('fn_decoder_test.go TestDecode', DECODE.map((want, i) => ({ name: `case ${i}`, script: 'decode(_,"gbk")', input: gbkLatin1(want), key: 'message', want })));

/** Go's tests assign the call to a variable, then write it to "result". */
const set = (call: string) => `v = ${call}\npt_kvs_set("result", v)`;
suite('fn_slice_string_test.go TestSliceString', [
  { name: 'normal1', script: set('slice_string("█汉字15384073392",0,5)'), key: 'result', want: '█汉字15' },
  { name: 'normal2', script: set('slice_string("15384073392",5,10)'), key: 'result', want: '07339' },
  { name: 'normal3', script: set('slice_string("abcdefghijklmnop",0,10)'), key: 'result', want: 'abcdefghij' },
  { name: 'out of range1', script: set('slice_string("abcdefghijklmnop",-1,10)'), key: 'result', want: '' },
  { name: 'out of range2', script: set('slice_string("abcdefghijklmnop",0,100)'), key: 'result', want: 'abcdefghijklmnop' },
  { name: 'not integer1', script: set('slice_string("abcdefghijklmnop","a","b")'), checkFails: true },
  { name: 'not integer2', script: set('slice_string("abcdefghijklmnop","abc","def")'), checkFails: true },
  { name: 'not string', script: set('slice_string(12345,0,3)'), checkFails: true },
  { name: 'not correct args (2)', script: set('slice_string("abcdefghijklmnop",0)'), checkFails: true },
  { name: 'not correct args (4)', script: set('slice_string("abcdefghijklmnop",0,1,2)'), checkFails: true },
  { name: 'panic', script: 'val = "123你好123123123123123123123123123"\nadd_key("result", slice_string(val, 0, len(val)))', key: 'result', want: '123你好123123123123123123123123123' },
]);

const url = (line: string) => `json(_, url)\nm = url_parse(url)\n${line}`;
suite('fn_url_parse_test.go TestURLParse', [
  { name: 'port (scheme)', script: url('add_key(scheme, m["scheme"])'), input: '{"url": "https://www.baidu.com"}', key: 'scheme', want: 'https' },
  { name: 'host', script: url('add_key(host, m["host"])'), input: '{"url": "http://127.0.0.1:9529"}', key: 'host', want: '127.0.0.1:9529' },
  { name: 'port', script: url('add_key(port, m["port"])'), input: '{"url": "http://127.0.0.1:9529"}', key: 'port', want: '9529' },
  { name: 'path', script: url('add_key(path, m["path"])'), input: '{"url": "http://127.0.0.1:9529/v1/metrics"}', key: 'path', want: '/v1/metrics' },
  { name: 'arg1', script: url('add_key(a, m["params"]["arg1"])'), input: '{"url": "http://127.0.0.1:9529/v1/metrics?arg1=v1&arg2=v2"}', key: 'a', want: 'v1' },
  { name: 'arg2', script: url('add_key(a, m["params"]["arg2"])'), input: '{"url": "http://127.0.0.1:9529/v1/metrics?arg1=v1&arg2=v2&arg2=v3"}', key: 'a', want: 'v2,v3' },
  // Go's url.Parse takes a path alone; the upstream case reads an empty key, so its "fail" is about that key.
  { name: 'invalid url (a path alone)', script: url('add_key(p, m["path"])'), input: '{"url": "/var/log/datakit/log"}', key: 'p', want: '/var/log/datakit/log' },
  { name: 'two many args', script: 'json(_, url)\nm = url_parse(url, 2)', checkFails: true },
]);

const sqlIn = (q: string) => JSON.stringify({ str_msg: q });
suite('fn_sql_cover_test.go TestSqlCover', [
  { name: 'normal (literals)', script: 'json(_, str_msg)\nsql_cover(str_msg)', input: sqlIn('select abc from def where x > 3 and y < 5'), key: 'str_msg', want: 'select abc from def where x > ? and y < ?' },
  {
    name: 'normal (non-ASCII identifiers)',
    script: 'json(_, str_msg)\nsql_cover(str_msg)',
    input: sqlIn('SELECT Codi , Nom_CA AS Nom, Descripció_CAT AS Descripció FROM ProtValAptitud WHERE Vigent=1 ORDER BY Ordre, Codi'),
    key: 'str_msg',
    want: 'SELECT Codi, Nom_CA, Descripció_CAT FROM ProtValAptitud WHERE Vigent = ? ORDER BY Ordre, Codi',
  },
  { name: 'normal (a string in parentheses)', script: 'json(_, str_msg)\nsql_cover(str_msg)', input: sqlIn("SELECT ('/uffd')"), key: 'str_msg', want: 'SELECT ( ? )' },
  { name: 'normal (two lines)', script: 'sql_cover(_)', input: 'select abc from def where x > 3 and y < 5\n\t\t\t\t\t\tSELECT ( ? )', key: 'message', want: 'select abc from def where x > ? and y < ? SELECT ( ? )' },
  { name: 'normal (# comment line)', script: 'sql_cover(_)', input: '#test\nselect abc from def where x > 3 and y < 5', key: 'message', want: 'select abc from def where x > ? and y < ?' },
]);

suite('fn_append_test.go TestAppend', [
  { name: 'append a float number', script: 'abc = ["1", "2"]\nabc = append(abc, 5.1)\nadd_key(arr, abc)', input: 'test', key: 'arr', want: '["1","2",5.1]' },
  { name: 'append a string', script: 'abc = ["hello"]\nabc = append(abc, "world")\nadd_key(arr, abc)', input: 'test', key: 'arr', want: '["hello","world"]' },
  { name: 'append a string to ints', script: 'abc = [1, 2]\nabc = append(abc, "3")\nadd_key(arr, abc)', input: 'test', key: 'arr', want: '[1,2,"3"]' },
  { name: 'append by Identifier', script: 'a = [1, 2]\nb = append(a, 3)\nadd_key(arr, b)', input: 'test', key: 'arr', want: '[1,2,3]' },
  { name: 'append an array', script: 'a = [1, 2]\nb = [3, 4]\nc = append(a, b)\nadd_key(arr, c)', input: 'test', key: 'arr', want: '[1,2,[3,4]]' },
  { name: 'append but not assign', script: 'a = [1, 2]\nb = 3\nappend(a, b)\nadd_key(arr, a)', input: 'test', key: 'arr', want: '[1,2]' },
  // Go reads the raw list back as its JSON text; the point holds the list itself.
  { name: 'append on point array via pt_kvs_get', script: 'a = pt_kvs_get("nums", true)\nb = append(a, 3)\npt_kvs_set("arr", b, false, true)\nadd_key(text, get_key(arr))', input: 'test', fields: { nums: [1n, 2n] }, key: 'text', want: '[1,2,3]' },
]);

suite('fn_delete_test.go TestDelete', [
  { name: 'delete_map (negative index)', script: 'a=load_json(_)\ndelete(a["a"][-1], "b")\nadd_key(a)', input: '{"a":[1, {"b":2}]}', key: 'a', want: '{"a":[1,{}]}' },
  { name: 'nested and top level', script: 'j_map = load_json(_)\ndelete(j_map["b"][-1], "c")\ndelete(j_map, "a")\nadd_key("j_map", j_map)', input: '{"a": "b", "b":[0, {"c": "d"}], "e": 1}', key: 'j_map', want: '{"b":[0,{}],"e":1}' },
  { name: 'delete_map (top level)', script: 'a=load_json(_)\ndelete(a, "a")\nadd_key(a)', input: '{"a":[1, {"b":2}]}', key: 'a', want: '{}' },
  { name: 'delete_map (a list is not a map)', script: 'a=load_json(_)\ndelete(a["a"], "b")\nadd_key(a)', input: '{"a":[1, {"b":2}]}', key: 'a', want: '{"a":[1,{"b":2}]}' },
  { name: 'delete_map (unknown variable)', script: 'a=load_json(_)\ndelete(b, "b")\nadd_key(a)', input: '{"a":[1, {"b":2}]}', key: 'a', want: '{"a":[1,{"b":2}]}' },
  { name: 'delete_map (index out of range)', script: 'a=load_json(_)\ndelete(a["a"][-7], "b")\nadd_key(a)', input: '{"a":[1, {"b":2}]}', key: 'a', want: '{"a":[1,{"b":2}]}' },
  { name: 'delete_map (key not a string literal)', script: 'a=load_json(_)\ndelete(b, x)\nadd_key(a)', checkFails: true },
]);

const PERSON = `{
  "name": {"first": "Tom", "last": "Anderson"},
  "age":37,
  "children": ["Sara","Alex","Jack"],
  "fav.movie": "Deer Hunter",
  "friends": [
    {"first": "Dale", "last": "Murphy", "age": 44, "nets": ["ig", "fb", "tw"]},
    {"first": "Roger", "last": "Craig", "age": 68, "nets": ["fb", "tw"]},
    {"first": "Jane", "last": "Murphy", "age": 47, "nets": ["ig", "tw"]}
  ]
}`;
suite('fn_gjson_test.go TestGJSON', [
  { name: 'age', script: 'gjson(_, "age")', input: PERSON, key: 'age', want: 37 },
  { name: 'children', script: 'gjson(_, "children")', input: PERSON, key: 'children', want: '["Sara","Alex","Jack"]' },
  { name: 'name', script: 'gjson(_, "name")', input: PERSON, key: 'name', want: '{"first": "Tom", "last": "Anderson"}' },
  { name: 'name.first in two steps', script: 'gjson(_, "name")\ngjson(name, "first")', input: PERSON, key: 'first', want: 'Tom' },
  { name: 'friends.1.first', script: 'gjson(_, "friends")\ngjson(friends, "1.first", "f_first")', input: PERSON, key: 'f_first', want: 'Roger' },
  { name: 'friends.1.nets.1', script: 'gjson(_, "friends", "friends")\ngjson(friends, "1.nets.1", "f_nets")', input: PERSON, key: 'f_nets', want: 'tw' },
  { name: 'root array', script: 'gjson(_, "0.nets.2", "f_nets")', input: '[{"first": "Dale", "nets": ["ig", "fb", "tw"]}]', key: 'f_nets', want: 'tw' },
]);

suite('fn_hash_test.go TestHash', [
  { name: 'md5', script: set('hash("abc", "md5")'), key: 'result', want: '900150983cd24fb0d6963f7d28e17f72' },
  { name: 'xx', script: set('hash("abc", "xx")'), key: 'result', want: '' },
  { name: 'sha1', script: set('hash("abc", "sha1")'), key: 'result', want: 'a9993e364706816aba3e25717850c26c9cd0d89d' },
  { name: 'sha256', script: set('hash("abc", "sha256")'), key: 'result', want: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
  { name: 'sha512', script: set('hash("abc", "sha512")'), key: 'result', want: 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f' },
  { name: 'sha512 (no method)', script: set('hash("abc", )'), checkFails: true },
  { name: 'sha512 (method only)', script: set('hash(method= "abc", )'), checkFails: true },
]);

const coverIn = '{"str": "13838130517"}';
suite('fn_cover_test.go TestCover', [
  { name: 'normal [8, 13]', script: 'json(_, `str`); cover(`str`, [8, 13])', input: coverIn, key: 'str', want: '1383813****' },
  { name: 'normal [8, 11]', script: 'json(_, `str`) ;cover(`str`, [8, 11])', input: coverIn, key: 'str', want: '1383813****' },
  { name: 'normal [2, 4]', script: 'json(_, `str`); cover(`str`, [2, 4])', input: coverIn, key: 'str', want: '1***8130517' },
  { name: 'normal [1, 1]', script: 'json(_, `str`) ;cover(`str`, [1, 1])', input: coverIn, key: 'str', want: '*3838130517' },
  { name: 'odd range', script: 'json(_, `str`); cover(`str`, [1, 100])', input: '{"str": "刘少波"}', key: 'str', want: '＊＊＊' },
  { name: 'invalid range (start after end)', script: 'json(_, `str`); cover(`str`, [3, 2])', input: '{"str": "刘少波"}', key: 'str', want: '刘少波' },
  { name: 'not enough args', script: 'json(_, `str`) ;cover(`str`)', checkFails: true },
  { name: 'invalid range (strings)', script: 'json(_, `str`); cover(`str`, ["刘", "波"])', checkFails: true },
  { name: 'normal (a number is left alone)', script: 'json(_, `str`) ;cover(`str`, [1, 2])', input: '{"str": 123456}', key: 'str', want: 123456 },
  { name: 'normal (an int after cast)', script: 'json(_, `str`) ; cast(`str`, "int"); cover(`str`, [-2, 10000])', input: '{"str": 123456}', key: 'str', want: 123456n },
]);

const NGINX = '162.62.81.1 - - [29/Nov/2021:07:30:50 +0000] "123 /?signature=b8d8ea&timestamp=1638171049 HTTP/1.1" 200 413 "-" "Mozilla/4.0"';
const NGINX_GROK = 'grok(_, "%{IPORHOST:client_ip} %{NOTSPACE} %{NOTSPACE} \\\\[%{HTTPDATE:time}\\\\] \\"%{DATA:data} %{GREEDYDATA} HTTP/%{NUMBER}\\" %{INT:status_code} %{INT:bytes}")';
const nameCase = (name: string, body: string, ptName: string): Case => ({ name, script: `set_tag(client_ip)\n${NGINX_GROK}\ncast(data, "int")\n${body}`, input: NGINX, tags: { source: 'default' }, ptName });
suite('fn_pt_name_test.go TestPtName', [
  nameCase('pt_name_set_and_get', 'add_key("pt_name", pt_name(client_ip))', '162.62.81.1'),
  nameCase('pt_name_set_str_and_get', 'add_key("pt_name", pt_name("aa"))', 'aa'),
  nameCase('pt_name_set_int_1_and_get', 'add_key("pt_name", pt_name(1))', 'default'),
  nameCase('pt_name_set_int_var_and_get', 'a=1\nadd_key("pt_name", pt_name(aa))', 'default'),
  nameCase('pt_name_get', 'add_key("pt_name", pt_name())', 'default'),
]);

suite('fn_pt_kvs_integration_test.go', [
  { name: 'TestPtKvsGetInOperator', script: 'arr = pt_kvs_get("nums", true)\nif 2 in arr {\n  pt_kvs_set("hit", true)\n}', input: 'test', fields: { nums: [1n, 2n, 3n] }, key: 'hit', want: true },
  { name: 'TestPtKvsGetAppendLenChain (size)', script: 'arr = pt_kvs_get("nums", true)\narr = append(arr, 4)\npt_kvs_set("size", len(arr))\npt_kvs_set("arr", arr, false, true)', input: 'test', fields: { nums: [1n, 2n, 3n] }, key: 'size', want: 4n },
  { name: 'TestPtKvsGetAppendLenChain (raw list)', script: 'arr = pt_kvs_get("nums", true)\narr = append(arr, 4)\npt_kvs_set("arr", arr, false, true)', input: 'test', fields: { nums: [1n, 2n, 3n] }, key: 'arr', want: [1n, 2n, 3n, 4n] },
  { name: 'TestPtKvsGetAppendLenChain (read as text)', script: 'arr = pt_kvs_get("nums", true)\narr = append(arr, 4)\npt_kvs_set("arr", arr, false, true)\nadd_key(text, pt_kvs_get("arr"))', input: 'test', fields: { nums: [1n, 2n, 3n] }, key: 'text', want: '[1,2,3,4]' },
  { name: 'TestPtKvsSetMap', script: 'obj = {"a": 1, "b": "x"}\npt_kvs_set("obj", obj)', input: 'test', key: 'obj', want: '{"a":1,"b":"x"}' },
]);
