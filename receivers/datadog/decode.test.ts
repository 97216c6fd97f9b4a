import assert from 'node:assert/strict';
import { ResourceCache } from '../../src/data/resource';
import { DecodeError, decodeTraces } from './decode';
import { numbersOf, pairsToMap } from './model';
import { spanView, toMsgpack } from './testing';
import { translatePayload } from './translate';

const T = 1700000000000000000n;

function v04(spans: Record<string, unknown>[][]) {
  return decodeTraces('v0.4', 'msgpack', toMsgpack(spans));
}

describe('datadog receiver: decoding', () => {
  it('reads short strings that differ in any one byte as themselves, whichever bytes the string cache hashes', () => {
    // For every cached length (1-40 bytes), and a few past it, and every position, a string and its twin with that one
    // byte changed: twins the hash cannot tell apart share a slot, and only the comparison of every
    // byte keeps them apart. Read twice, so the second reading finds them in the cache.
    const values: string[] = [];
    for (let len = 1; len <= 44; len++) {
      const base = Array.from({ length: len }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join('');
      values.push(base);
      for (let at = 0; at < len; at++) values.push(base.slice(0, at) + (base[at] === 'z' ? 'y' : 'z') + base.slice(at + 1));
    }
    // Multi-byte UTF-8 too, where one character spans a word boundary.
    values.push('aé-b', 'aè-b', 'xyz€abc', 'xyz₤abc', 'ünïcødé-ünïcødé-ünïcødé-ü', 'ünïcødé-ünïcødé-ünïcødé-ö');
    const meta = Object.fromEntries(values.map((v, i) => [`k${i}`, v]));
    for (let round = 0; round < 2; round++) {
      const span = decodeTraces('v0.4', 'msgpack', toMsgpack([[{ service: 's', name: 'n', resource: 'r', trace_id: 1n, span_id: 2n, meta }]])).chunks[0].spans[0];
      assert.deepEqual({ ...pairsToMap(span.meta) }, meta);
    }
  });

  it('reads a cached string that ends on the last byte of the body', () => {
    // The cache reads the last four bytes of a string as one word: at the body's end they must be its own.
    for (const value of ['a', 'ab', 'abc', 'abcd', 'abcdefg', 'abcdefgh12345678abcdefgh1234567']) {
      const body = Buffer.concat([Buffer.from([0x91, 0x91, 0x81, 0xa7]), Buffer.from('service'), Buffer.from([0xa0 | value.length]), Buffer.from(value)]);
      for (let round = 0; round < 2; round++) assert.equal(decodeTraces('v0.4', 'msgpack', body).chunks[0].spans[0].service, value);
    }
  });

  it('reinterprets int64-encoded ids as uint64 and keeps ids above 2^53 exact', () => {
    const p = v04([[{ trace_id: -1n, span_id: -9223372036854775808n, parent_id: 9007199254740993n, start: T, duration: 5 }]]);
    const s = numbersOf(p.chunks[0].spans[0]);
    assert.equal(s.traceId, 18446744073709551615n);
    assert.equal(s.spanId, 9223372036854775808n);
    assert.equal(s.parentId, 9007199254740993n);
    assert.equal(s.start, T);
  });

  it('reads ids encoded in every integer width, and nil as zero', () => {
    for (const [bytes, want] of [
      [[0x07], 7n],
      [[0xcc, 0xff], 255n],
      [[0xcd, 0x01, 0x00], 256n],
      [[0xce, 0xff, 0xff, 0xff, 0xff], 4294967295n],
      [[0xd0, 0xff], 18446744073709551615n],
      [[0xd2, 0xff, 0xff, 0xff, 0xfe], 18446744073709551614n],
      [[0xc0], 0n],
    ] as [number[], bigint][]) {
      const body = Buffer.concat([Buffer.from([0x91, 0x91, 0x81, 0xa7]), Buffer.from('span_id'), Buffer.from(bytes)]);
      assert.equal(numbersOf(decodeTraces('v0.4', 'msgpack', body).chunks[0].spans[0]).spanId, want, JSON.stringify(bytes));
    }
  });

  it('accepts bin strings (also as map keys), nil maps and unknown keys', () => {
    const bin = (s: string) => new Uint8Array(Buffer.from(s));
    const p = v04([
      [
        new Map<unknown, unknown>([
          [bin('service'), bin('svc')],
          ['name', 'op'],
          ['meta', new Map([[bin('k'), bin('v')]])],
          ['metrics', null],
          ['meta_struct', { appsec: bin('opaque') }],
          ['some_future_field', [1, { a: 2 }]],
          ['span_id', 5],
        ]) as unknown as Record<string, unknown>,
      ],
    ]);
    const s = p.chunks[0].spans[0];
    assert.equal(s.service, 'svc');
    assert.equal(s.name, 'op');
    assert.deepEqual(s.meta, ['k', 'v']);
    assert.deepEqual(s.metrics, []);
    assert.equal(numbersOf(s).spanId, 5n);
  });

  it('repairs invalid UTF-8 with U+FFFD', () => {
    const body = Buffer.concat([Buffer.from([0x91, 0x91, 0x81, 0xa4]), Buffer.from('name'), Buffer.from([0xa5, 0x61, 0xff, 0xc3, 0x28, 0x62])]);
    assert.equal(decodeTraces('v0.4', 'msgpack', body).chunks[0].spans[0].name, 'a\ufffd\ufffd(b');
  });

  it('widens integer and float32 metrics to doubles', () => {
    const body = toMsgpack([[{ metrics: { a: 3, b: -1n, c: 2.5 } }]]);
    const m = decodeTraces('v0.4', 'msgpack', body).chunks[0].spans[0].metrics;
    assert.deepEqual(m, ['a', 3, 'b', -1, 'c', 2.5]);
  });

  it('parses JSON bodies with ids up to 2^64-1 exactly, and refuses larger ones', () => {
    const text = '[[{"trace_id":18446744073709551615,"span_id":9007199254740993,"start":1700000000000000001,"meta":{"a":"b"},"metrics":{"x":1.5}}]]';
    const span = decodeTraces('v0.4', 'json', Buffer.from(text)).chunks[0].spans[0];
    const s = numbersOf(span);
    assert.equal(s.traceId, 18446744073709551615n);
    assert.equal(s.spanId, 9007199254740993n);
    assert.equal(s.start, 1700000000000000001n);
    assert.deepEqual(span.metrics, ['x', 1.5]);
    assert.throws(() => decodeTraces('v0.4', 'json', Buffer.from('[[{"trace_id":18446744073709551616}]]')), DecodeError);
  });

  it('refuses absurdly nested JSON and msgpack with a DecodeError', () => {
    assert.throws(() => decodeTraces('v0.4', 'json', Buffer.from('['.repeat(200) + ']'.repeat(200))), DecodeError);
    assert.throws(() => decodeTraces('v0.4', 'json', Buffer.from('['.repeat(100000))), DecodeError);
    const deep = Buffer.concat([Buffer.from([0x91, 0x91, 0x81, 0xa6]), Buffer.from('events'), Buffer.alloc(100000, 0x91)]);
    assert.throws(() => decodeTraces('v0.4', 'msgpack', deep), DecodeError);
  });

  it('sniffs the format of unknown content types like the agent (JSON first, then msgpack)', () => {
    assert.equal(decodeTraces('v0.4', 'sniff', Buffer.from(' [[{"name":"j"}]]')).chunks[0].spans[0].name, 'j');
    assert.equal(decodeTraces('v0.4', 'sniff', toMsgpack([[{ name: 'm' }]])).chunks[0].spans[0].name, 'm');
  });

  describe('v0.5', () => {
    const span = (over: Partial<Record<number, unknown>> = {}) => {
      const s: unknown[] = [1, 2, 0, 10n, 11n, 0n, T, 100, 0, new Map([[3, 4]]), new Map([[3, 1.5]]), 0];
      for (const [i, v] of Object.entries(over)) s[Number(i)] = v;
      return s;
    };
    const table = ['', 'svc', 'op', 'k', 'v'];

    it('decodes string-table spans', () => {
      const p = decodeTraces('v0.5', 'msgpack', toMsgpack([table, [[span()]]]));
      const s = p.chunks[0].spans[0];
      assert.deepEqual([s.service, s.name, s.resource, numbersOf(s).traceId, pairsToMap(s.meta).k, pairsToMap(s.metrics).k], ['svc', 'op', '', 10n, 'v', 1.5]);
    });

    it('refuses spans that are not 12 elements and indexes beyond the table, with the agent wording', () => {
      assert.throws(
        () => decodeTraces('v0.5', 'msgpack', toMsgpack([table, [[span().slice(0, 11)]]])),
        /encoded span needs exactly 12 elements in array/,
      );
      assert.throws(() => decodeTraces('v0.5', 'msgpack', toMsgpack([table, [[span({ 9: new Map([[3, 5]]) })]]])), /dictionary index 5 out of range/);
      assert.throws(() => decodeTraces('v0.5', 'msgpack', toMsgpack([table, [[span({ 0: 99 })]]])), /dictionary index 99 out of range/);
    });

    it('refuses a payload that is not [strings, traces]', () => {
      assert.throws(() => decodeTraces('v0.5', 'msgpack', toMsgpack([table])), /expected an array of 2 elements/);
    });
  });

  it('v0.7: tracer identity, chunk priority and chunk tags reach the spans', () => {
    const body = toMsgpack({
      container_id: 'c0ffee',
      language_name: 'go',
      language_version: 'go1.22',
      tracer_version: '2.0.0',
      runtime_id: 'rt-1',
      env: 'staging',
      hostname: 'node-7',
      app_version: '3.1',
      tags: { kube_namespace: 'shop' },
      unknown_field: [1, 2, 3],
      chunks: [{ priority: 2, origin: 'rum', tags: { '_dd.p.tid': '6650a0f100000000' }, spans: [{ service: 'api', name: 'op', trace_id: 42n, span_id: 1n, start: T, duration: 10 }], dropped_trace: false }],
    });
    const p = decodeTraces('v0.7', 'msgpack', body);
    const [s] = translatePayload(p, { language: 'python' }, new ResourceCache()).spans.map(spanView);
    assert.equal(s.traceId, '6650a0f100000000000000000000002a');
    assert.equal(s.attributes['sampling.priority'], 2);
    assert.deepEqual(s.resource, {
      'container.id': 'c0ffee',
      'deployment.environment.name': 'staging',
      'host.name': 'node-7',
      'k8s.namespace.name': 'shop',
      'process.runtime.version': 'go1.22',
      'service.instance.id': 'rt-1',
      'service.name': 'api',
      'service.version': '3.1',
      'telemetry.sdk.language': 'go',
      'telemetry.sdk.name': 'Datadog',
      'telemetry.sdk.version': '2.0.0',
    });
  });

  it('native span_links and span_events (v0.4) become OTel links and events', () => {
    const body = toMsgpack([
      [
        {
          trace_id: 1n,
          span_id: 2n,
          start: T,
          duration: 10,
          span_links: [{ trace_id: 0xbbn, trace_id_high: 0xaan, span_id: 0xccn, attributes: { a: 'b' }, tracestate: 'dd=s:1', flags: 0x80000001 }],
          span_events: [
            {
              name: 'retry',
              time_unix_nano: T + 5n,
              attributes: {
                s: { type: 0, string_value: 'x' },
                b: { type: 1, bool_value: true },
                i: { type: 2, int_value: 7 },
                d: { type: 3, double_value: 0.5 },
                arr: { type: 4, array_value: { values: [{ type: 0, string_value: 'p' }, { type: 0, string_value: 'q' }] } },
              },
            },
          ],
        },
      ],
    ]);
    const [s] = translatePayload(decodeTraces('v0.4', 'msgpack', body), {}, new ResourceCache()).spans.map(spanView);
    assert.deepEqual(s.links, [{ traceId: '00000000000000aa00000000000000bb', spanId: '00000000000000cc', traceFlags: 1, traceState: 'dd=s:1', attributes: { a: 'b' } }]);
    assert.deepEqual(s.events, [{ name: 'retry', timeNs: (T + 5n).toString(), attributes: { arr: ['p', 'q'], b: true, d: 0.5, i: 7, s: 'x' } }]);
  });

  it('meta `events` JSON (the tracers default) becomes events with exact times; a broken document is reported, not fatal', () => {
    const events = '[{"name":"cache.miss","time_unix_nano":1700000000000000123,"attributes":{"key":"u:1","n":3,"ok":false}}]';
    const body = toMsgpack([[{ trace_id: 1n, span_id: 2n, start: T, duration: 10, meta: { events } }, { trace_id: 1n, span_id: 3n, start: T, meta: { events: '[{"name":' } }]]);
    const t = translatePayload(decodeTraces('v0.4', 'msgpack', body), {}, new ResourceCache());
    const [a, b] = t.spans.map(spanView);
    assert.deepEqual(a.events, [{ name: 'cache.miss', timeNs: '1700000000000000123', attributes: { key: 'u:1', n: 3, ok: false } }]);
    assert.equal(a.attributes.events, undefined);
    assert.equal(b.events, undefined);
    assert.equal(t.warnings.length, 1);
  });

  it('names an unnamed service the way the agent does and groups spans by service, env and version', () => {
    const body = toMsgpack([
      [
        { service: '', span_id: 1n, meta: {} },
        { service: 'a', span_id: 2n, meta: { env: 'prod', version: '1' } },
        { service: 'a', span_id: 3n, meta: { env: 'prod', version: '1' } },
        { service: 'a', span_id: 4n, meta: { env: 'dev', version: '1' } },
      ],
    ]);
    const spans = translatePayload(decodeTraces('v0.4', 'msgpack', body), { language: 'nodejs' }, new ResourceCache()).spans;
    assert.equal(spans[0].resource.attributes['service.name'], 'unnamed-nodejs-service');
    assert.equal(spans[1].resource, spans[2].resource);
    assert.notEqual(spans[1].resource, spans[3].resource);
  });

  it('reports truncated bodies and lying length headers as DecodeError, before allocating', () => {
    const good = toMsgpack([[{ name: 'x', trace_id: 1n }]]);
    for (let cut = 1; cut < good.length; cut++) {
      assert.throws(() => decodeTraces('v0.4', 'msgpack', good.subarray(0, cut)), DecodeError, `cut at ${cut}`);
    }
    assert.throws(() => decodeTraces('v0.4', 'msgpack', Buffer.from([0xdd, 0xff, 0xff, 0xff, 0xff])), /longer than the body/);
    assert.throws(() => decodeTraces('v0.4', 'msgpack', Buffer.from([0x91, 0x91, 0xdf, 0x7f, 0xff, 0xff, 0xff])), /longer than the body/);
  });

  it('refuses every cut through a fixstr or str8 key or value, in span fields and in meta', () => {
    // Keys and values of 1-31 bytes are fixstr, 32-255 str8: the two forms read without strHeader.
    const long = 'GET /api/v1/users/:id?with=a-resource-longer-than-32';
    const good = toMsgpack([[{ name: 'x', resource: long, trace_id: 1n, meta: { 'http.url': long, env: 'prod' } }]]);
    const span = decodeTraces('v0.4', 'msgpack', good).chunks[0].spans[0];
    assert.equal(span.resource, long);
    assert.deepEqual({ ...pairsToMap(span.meta) }, { 'http.url': long, env: 'prod' });
    for (let cut = 1; cut < good.length; cut++) {
      assert.throws(() => decodeTraces('v0.4', 'msgpack', good.subarray(0, cut)), /unexpected end of body|longer than the body/, `cut at ${cut}`);
    }
    // A fixstr value claiming 31 bytes with 2 left, and a str8 header cut after its type byte.
    assert.throws(() => decodeTraces('v0.4', 'msgpack', Buffer.from([0x91, 0x91, 0x81, 0xa4, ...Buffer.from('name'), 0xbf, 0x61, 0x62])), /string of 31 bytes is longer than the body/);
    assert.throws(() => decodeTraces('v0.4', 'msgpack', Buffer.from([0x91, 0x91, 0x81, 0xa4, ...Buffer.from('name'), 0xd9])), /unexpected end of body/);
  });
});
