import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { LogRecord } from '../../src/consumer/consumer';
import { makeLogRecord, withLog } from '../../src/data/builders';
import { ResourceCache } from '../../src/data/resource';
import type { Value } from '../../src/lang';
import { encodeLogsRequest } from '../../src/otlp/encode-logs-proto';
import { EncodedLogRecord, RecordSlabs } from '../../src/otlp/encoded-log';
import { pointToEncoded, pointToRecord } from './mapping';
import { pointOf } from './testing';

const resources = new ResourceCache();
const base = resources.get({ 'host.name': 'h' });

// Keys that play a part (body, level, ids, origin), keys the mapping adds itself, keys an object
// would reorder or misread, and plain ones.
const plainKey = fc.oneof(fc.constantFrom('user', 'http.route', 'a', 'ключ'), fc.stringMatching(/^[a-z][a-z._]{0,7}$/));
const key = fc.oneof(
  { weight: 3, arbitrary: plainKey },
  fc.constantFrom(
    'message', 'msg', 'level', 'severity', 'levelname', 'status', 'trace_id', 'span_id', 'dd.trace_id', 'dd.span_id',
    'service', 'dd.env', 'version', 'datadog.trace.id', 'datadog.span.id', 'log.level', 'log.file.name', '0', '17', '__proto__',
  ),
  fc.string({ maxLength: 8 }),
);
const id = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 64n + 5n }).map(String),
  fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }).map((v) => v.toString(16).padStart(32, '0')),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((v) => v.toString(16).padStart(16, '0')),
  fc.constantFrom('0', 'zz', '', ' 42 '),
);
const scalar: fc.Arbitrary<Value> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('INFO', 'warning', 'loud', 'é', 'a\u{1F600}'),
  id,
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<Value> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) as fc.Arbitrary<Value> },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 4 }), scalar, { maxKeys: 3 }).map((o) => new Map(Object.entries(o)) as Value) },
);
const time = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 4, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 62n }) },
  { weight: 1, arbitrary: fc.constantFrom(-1n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n, 1623982028786000000n) },
);
const line = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.tuple(id, id).map(([t, s]) => `2021-06-18 10:07:08,786 INFO [x] [dd.trace_id=${t} dd.span_id=${s}] - hi`),
);
const case_ = fc.record({
  fields: fc.dictionary(key, value, { maxKeys: 8 }),
  tags: fc.dictionary(key, fc.string({ maxLength: 6 }), { maxKeys: 2 }),
  time,
  line,
  attrs: fc.dictionary(fc.oneof({ weight: 4, arbitrary: plainKey }, key), fc.string({ maxLength: 6 }), { maxKeys: 2 }),
});
type Case = typeof case_ extends fc.Arbitrary<infer T> ? T : never;

function original(c: Case): LogRecord {
  return makeLogRecord({ timeNs: 5n, observedNs: 7n, body: c.line, resource: base, attributes: { 'log.file.name': 'app.log', ...c.attrs } });
}

describe('log_pipeline: records written as bytes', () => {
  it('are byte for byte the records pointToRecord builds, alone and in batches mixed with objects', () => {
    const slabs = new RecordSlabs();
    let written = 0;
    let total = 0;
    fc.assert(
      fc.property(fc.array(case_, { minLength: 1, maxLength: 6 }), (cases) => {
        const objects: LogRecord[] = [];
        const encoded: LogRecord[] = [];
        for (const c of cases) {
          const point = pointOf({ fields: c.fields as Record<string, Value>, tags: c.tags, timeNs: c.time });
          const o = original(c);
          const want = pointToRecord(o, point, resources);
          const got = pointToEncoded(o, point, resources, slabs);
          total++;
          if (got instanceof EncodedLogRecord) written++;
          assert.deepEqual(Buffer.from(encodeLogsRequest([got])), Buffer.from(encodeLogsRequest([want])));
          assert.equal(got.resource, want.resource);
          objects.push(want);
          encoded.push(got);
        }
        assert.deepEqual(Buffer.from(encodeLogsRequest(encoded)), Buffer.from(encodeLogsRequest(objects)));
      }),
      { numRuns: 400 },
    );
    // The generator's clashes and odd times fall back to objects; a good share of cases must take
    // the written path. With random seeds that share was 0.49-0.57 over 43 runs, so the bound sits
    // well below it: it fails when the written path stops being taken, not on an unlucky seed.
    assert.ok(written > total / 3, `${written} of ${total} written as bytes`);
  });

  it('are written for the seed line; a new resource keeps the bytes, a completed trace id patches them in place', () => {
    const slabs = new RecordSlabs();
    const point = pointOf({
      fields: { message: 'Hello', level: 'INFO', trace_id: '16108321602917563239', span_id: '12837828046733169079', service: 'web' },
      timeNs: 1623982028786000000n,
    });
    const r = pointToEncoded(original({ fields: {}, tags: {}, time: null, line: 'l', attrs: {} }), point, resources, slabs);
    assert.ok(r instanceof EncodedLogRecord);
    assert.equal(r.timeMs(), 1623982028786);
    const moved = withLog(r, { resource: base });
    assert.ok(moved instanceof EncodedLogRecord && moved.bytes === r.bytes && moved.resource === base);
    const alone = r.detached();
    assert.equal(alone.bytes.length, alone.byteLength, 'a detached record holds only its own bytes');
    alone.setTraceHigh('6740b4f400000000');
    assert.equal(alone.spanContext?.traceId, '6740b4f400000000df8c4126fda6fb67');
    assert.equal(r.spanContext?.traceId, '0000000000000000df8c4126fda6fb67', 'the shared bytes are untouched');
    assert.equal(alone.attributes['datadog.trace.id'], '16108321602917563239');
  });
});
