import assert from 'node:assert/strict';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { makeLogRecord } from '../../src/data/builders';
import { ResourceCache } from '../../src/data/resource';
import { hrTimeToNs } from '../../src/data/time';
import type { LogRecord } from '../../src/consumer/consumer';
import { EncodedLogRecord, RecordSlabs } from '../../src/otlp/encoded-log';
import type { RunMapsResult } from '../../src/lang';
import { pointToEncoded, pointToRecord as toObject } from './mapping';
import { severityOf } from './severity';
import { pointOf } from './testing';

const resources = new ResourceCache();
const original = makeLogRecord({
  timeNs: 5n, observedNs: 7n, body: 'raw line', resource: resources.get({ 'host.name': 'h' }), attributes: { 'log.file.name': 'app.log' },
});

const slabs = new RecordSlabs();
/** The written record, read back through its decoder: every case below holds for both mappers. */
const toEncoded = (o: LogRecord, p: RunMapsResult, rs: ResourceCache): LogRecord => {
  const r = pointToEncoded(o, p, rs, slabs);
  return r instanceof EncodedLogRecord ? r.view() : r;
};

for (const [name, pointToRecord] of [['as an object', toObject], ['written as bytes', toEncoded]] as const)
describe(`log_pipeline point → record mapping, ${name}`, () => {
  it('maps the seed point: body, severity, exact time, ids joined by the Datadog rule, origin on the resource', () => {
    const r = pointToRecord(original, pointOf({
      fields: { message: 'Hello, World!', level: 'INFO', trace_id: '16108321602917563239', span_id: '12837828046733169079', service: 'Python-App', env: 'Testing', version: 'V1.1' },
      tags: {},
      timeNs: 1623982028786000000n,
    }), resources);
    assert.equal(r.body, 'Hello, World!');
    assert.equal(r.severityText, 'INFO');
    assert.equal(r.severityNumber, SeverityNumber.INFO);
    assert.equal(hrTimeToNs(r.hrTime), 1623982028786000000n);
    assert.equal(hrTimeToNs(r.hrTimeObserved), 7n);
    assert.equal(r.spanContext?.traceId, '0000000000000000df8c4126fda6fb67');
    assert.equal(r.spanContext?.spanId, 'b22920973d13d1b7');
    assert.deepEqual(r.attributes, { 'log.file.name': 'app.log', 'datadog.trace.id': '16108321602917563239', 'datadog.span.id': '12837828046733169079' });
    assert.deepEqual(r.resource.attributes, { 'host.name': 'h', 'service.name': 'Python-App', 'deployment.environment.name': 'Testing', 'service.version': 'V1.1' });
  });

  it('reads 32-hex trace ids and dd.* keys; a msg capture is the body while message is still the line as read', () => {
    const r = pointToRecord(original, pointOf({
      fields: { message: 'raw line', msg: 'hi', level: 30n, 'dd.trace_id': '6740b4f400000000df8c4126fda6fb67', 'dd.span_id': '12837828046733169079', 'dd.service': 'web' },
      tags: {},
      timeNs: null,
    }), resources);
    assert.equal(r.spanContext?.traceId, '6740b4f400000000df8c4126fda6fb67');
    assert.equal(r.severityNumber, SeverityNumber.INFO);
    assert.equal(r.severityText, 'info');
    assert.equal(r.body, 'hi');
    assert.equal(r.resource.attributes['service.name'], 'web');
    assert.equal(r.attributes['datadog.trace.id'], '16108321602917563239');
    assert.equal(hrTimeToNs(r.hrTime), 5n, 'no time from the script keeps the record time');
    assert.equal(r.attributes.message, undefined, 'the line as read is not kept twice');
    assert.equal(r.attributes.msg, undefined);
  });

  it('takes message over msg once the script wrote message, and keeps msg as an attribute then', () => {
    const r = pointToRecord(original, pointOf({ fields: { message: 'written', msg: 'other' } }), resources);
    assert.equal(r.body, 'written');
    assert.equal(r.attributes.msg, 'other');
  });

  it('gives each line the resource its own origin names, however lines, bases and caches alternate', () => {
    // Consecutive lines share their origin's resource through a memo: it must never hand one line's
    // resource to another line, another base or another cache.
    const caches = [resources, new ResourceCache()];
    const bases = caches.flatMap((c) => [c.get({ 'host.name': 'h' }), c.get({ 'host.name': 'g' })]);
    const origins: Record<string, unknown>[] = [
      { service: 'a' }, { service: 'a', env: 'prod' }, { 'dd.service': 'b', service: 'a' }, { env: 'prod' }, { version: 1n },
      { service: '', 'dd.version': 'v2', version: 'v1' }, {}, { service: 'a' }, { 'dd.env': 'stage', env: 'prod', version: 'v1' },
    ];
    const want = (o: Record<string, unknown>) => {
      const pick = (plain: string, dd: string) => [o[plain], o[dd]].map((v) => (v === undefined ? '' : String(v))).filter((v) => v !== '').pop();
      const r: Record<string, string> = {};
      for (const [key, plain, dd] of [['service.name', 'service', 'dd.service'], ['deployment.environment.name', 'env', 'dd.env'], ['service.version', 'version', 'dd.version']]) {
        const v = pick(plain, dd);
        if (v !== undefined) r[key] = v;
      }
      return r;
    };
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < origins.length * bases.length; i++) {
        const o = origins[(i * 5 + round) % origins.length];
        const b = (i + round) % bases.length;
        const line = makeLogRecord({ timeNs: 5n, observedNs: 7n, body: 'raw line', resource: bases[b], attributes: {} });
        // Any base with any cache: a base made by one cache may be derived by another.
        const cache = caches[(i + (i >> 2) + round) % caches.length];
        const r = pointToRecord(line, pointOf({ fields: { message: 'm', ...o } as never }), cache);
        const what = `${Object.entries(o).map(([k, v]) => `${k}=${String(v)}`).join(',')} on base ${b}`;
        assert.deepEqual(r.resource.attributes, { ...bases[b].attributes, ...want(o) }, what);
        if (Object.keys(want(o)).length > 0) assert.equal(r.resource, cache.derive(bases[b], want(o)), `${what}: the cache's own resource`);
      }
    }
  });

  it('keeps a field named __proto__ as an attribute (not a prototype change)', () => {
    const r = pointToRecord(original, pointOf({ fields: { ['__proto__']: 'kept', other: 1n } }), resources);
    assert.deepEqual(Object.keys(r.attributes), ['log.file.name', '__proto__', 'other']);
    assert.equal(Object.getOwnPropertyDescriptor(r.attributes, '__proto__')?.value, 'kept');
    assert.equal(Object.getPrototypeOf(r.attributes), Object.prototype);
  });

  it('keeps other fields and tags as typed attributes; exact big integers as text', () => {
    const r = pointToRecord(original, pointOf({
      fields: { n: 42n, big: 18446744073709551615n, f: 1.5, ok: true, list: [1n, 'a'], none: null },
      tags: { region: 'eu' },
      timeNs: null,
    }), resources);
    assert.deepEqual(r.attributes, { 'log.file.name': 'app.log', n: 42, big: '18446744073709551615', f: 1.5, ok: true, list: [1, 'a'], none: null, region: 'eu' });
    assert.equal(r.body, 'raw line', 'no message field keeps the original body');
    assert.equal(r.spanContext, undefined);
  });

  it('leaves the trace context empty for zero or malformed ids but keeps what was written', () => {
    const r = pointToRecord(original, pointOf({ fields: { trace_id: '0', span_id: 'zz' }, tags: {}, timeNs: null }), resources);
    assert.equal(r.spanContext, undefined);
    assert.equal(r.attributes['datadog.trace.id'], '0');
    assert.equal(r.attributes['datadog.span.id'], 'zz');
  });
});

describe('log_pipeline severity names', () => {
  it('knows the level names of Datakit, Python, Java and Node', () => {
    const cases: [unknown, SeverityNumber | undefined][] = [
      ['WARNING', SeverityNumber.WARN], ['warn', SeverityNumber.WARN], ['CRITICAL', SeverityNumber.FATAL], ['FATAL', SeverityNumber.FATAL],
      ['E', SeverityNumber.ERROR], ['notice', SeverityNumber.INFO2], ['OK', SeverityNumber.INFO], ['TRACE', SeverityNumber.TRACE],
      [50n, SeverityNumber.ERROR], ['20', SeverityNumber.DEBUG], ['emerg', SeverityNumber.FATAL4], ['verbose', SeverityNumber.DEBUG], ['loud', undefined], ['constructor', undefined], ['__proto__', undefined],
    ];
    for (const [v, want] of cases) assert.equal(severityOf(v)?.number, want, String(v));
  });
});
