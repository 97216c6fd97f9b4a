import assert from 'node:assert/strict';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { configOf, testSettings } from '../../src/component/testing';
import type { LogRecord } from '../../src/consumer/consumer';
import { SinkConsumer } from '../../src/consumer/testing';
import { makeLogRecord } from '../../src/data/builders';
import { ResourceCache } from '../../src/data/resource';
import { hrTimeToNs } from '../../src/data/time';
import { factory } from './factory';
import { builtinScriptNames } from './scripts';

const resources = new ResourceCache();

async function parse(script: string, lines: string[], timezone = 'UTC'): Promise<LogRecord[]> {
  const sink = new SinkConsumer<LogRecord>();
  const p = factory.create(testSettings('log_pipeline', 'processor'), configOf(factory, { script: `builtin:${script}`, timezone }), sink, 'logs');
  await p.consume(lines.map((body) => makeLogRecord({ timeNs: 1n, observedNs: 1n, body, resource: resources.get({}) })));
  return sink.items;
}

const TRACE_DEC = '16108321602917563239';
const SPAN_DEC = '12837828046733169079';
const TRACE_HEX = '0000000000000000df8c4126fda6fb67';
const SPAN_HEX = 'b22920973d13d1b7';

describe('ready-made scripts on real-shaped lines', () => {
  it('ships these scripts', () => {
    assert.deepEqual(builtinScriptNames(), ['go-ddtrace', 'java-logback', 'node-json', 'python-ddtrace', 'python-json']);
  });

  it('python-json: python-json-logger with dd.* keys', async () => {
    const [r] = await parse('python-json', [
      `{"asctime": "2024-01-02 03:04:05,006", "levelname": "ERROR", "name": "app.db", "message": "query failed", "dd.trace_id": "${TRACE_DEC}", "dd.span_id": "${SPAN_DEC}", "dd.service": "api", "dd.env": "prod", "dd.version": "3.1"}`,
    ]);
    assert.equal(r.body, 'query failed');
    assert.equal(r.severityNumber, SeverityNumber.ERROR);
    assert.equal(hrTimeToNs(r.hrTime), 1704164645006000000n);
    assert.equal(r.spanContext?.traceId, TRACE_HEX);
    assert.equal(r.spanContext?.spanId, SPAN_HEX);
    assert.equal(r.resource.attributes['service.name'], 'api');
    assert.equal(r.attributes['logger.name'], 'app.db');
  });

  it('node-json: pino with the nested dd object and a 128-bit hex trace id', async () => {
    const [r] = await parse('node-json', [
      `{"level":40,"time":1704164645006,"pid":7,"hostname":"box","dd":{"trace_id":"6740b4f400000000df8c4126fda6fb67","span_id":"${SPAN_DEC}","service":"shop","version":"2.0.0","env":"e2e"},"msg":"low stock"}`,
    ]);
    assert.equal(r.body, 'low stock');
    assert.equal(r.severityNumber, SeverityNumber.WARN);
    assert.equal(hrTimeToNs(r.hrTime), 1704164645006000000n);
    assert.equal(r.spanContext?.traceId, '6740b4f400000000df8c4126fda6fb67');
    assert.equal(r.spanContext?.spanId, SPAN_HEX);
    assert.equal(r.resource.attributes['service.name'], 'shop');
    assert.equal(r.attributes['host.name'], 'box');
  });

  it('node-json: keeps every field it does not name; pino\'s err becomes exception.*', async () => {
    const [r] = await parse('node-json', [
      `{"level":50,"time":1704164645006,"pid":7,"hostname":"box","dd":{"trace_id":"${TRACE_DEC}","span_id":"${SPAN_DEC}","service":"shop"},"route":"/fail/:n","user":{"id":3},"tags":["a","b"],"ok":false,"none":null,"err":{"type":"TypeError","message":"boom","stack":"TypeError: boom\\n    at f (app.js:1:1)","code":"E_X"},"msg":"request failed"}`,
    ]);
    assert.equal(r.body, 'request failed');
    assert.equal(r.severityNumber, SeverityNumber.ERROR);
    assert.equal(r.spanContext?.traceId, TRACE_HEX);
    assert.deepEqual(r.attributes, {
      'process.pid': 7,
      'host.name': 'box',
      route: '/fail/:n',
      user: '{"id":3}',
      tags: '["a","b"]',
      ok: false,
      'exception.type': 'TypeError',
      'exception.message': 'boom',
      'exception.stacktrace': 'TypeError: boom\n    at f (app.js:1:1)',
      'err.code': 'E_X',
      'datadog.trace.id': TRACE_DEC,
      'datadog.span.id': SPAN_DEC,
    });
  });

  it('node-json: a line that is not JSON passes with its raw body', async () => {
    const [r] = await parse('node-json', ['Server listening on 3000']);
    assert.equal(r.body, 'Server listening on 3000');
    assert.deepEqual(r.attributes, {});
  });

  it('node-json: winston JSON with a text level and ISO timestamp', async () => {
    const [r] = await parse('node-json', [
      `{"level":"info","message":"paid","timestamp":"2024-01-02T03:04:05.006Z","dd":{"trace_id":"${TRACE_DEC}","span_id":"${SPAN_DEC}","service":"billing"}}`,
    ]);
    assert.equal(r.body, 'paid');
    assert.equal(r.severityNumber, SeverityNumber.INFO);
    assert.equal(hrTimeToNs(r.hrTime), 1704164645006000000n);
    assert.equal(r.spanContext?.traceId, TRACE_HEX);
  });

  it('java-logback: logback and log4j2 patterns with MDC ids, and a line outside any trace', async () => {
    const [a, b, c] = await parse('java-logback', [
      `2024-01-02 03:04:05.006 [http-nio-8080-exec-1] INFO  c.e.Controller - [dd.trace_id=${TRACE_DEC} dd.span_id=${SPAN_DEC}] hello java`,
      `2024-01-02 03:04:05.007 WARN  [main] Startup - [dd.trace_id=${TRACE_DEC} dd.span_id=${SPAN_DEC}] slow start`,
      `2024-01-02 03:04:05.008 [main] ERROR c.e.Boot - [dd.trace_id= dd.span_id=] no trace here`,
    ]);
    assert.equal(a.body, 'hello java');
    assert.equal(a.severityNumber, SeverityNumber.INFO);
    assert.equal(a.attributes['thread.name'], 'http-nio-8080-exec-1');
    assert.equal(a.attributes['logger.name'], 'c.e.Controller');
    assert.equal(a.spanContext?.spanId, SPAN_HEX);
    assert.equal(hrTimeToNs(a.hrTime), 1704164645006000000n);
    assert.equal(b.body, 'slow start');
    assert.equal(b.severityNumber, SeverityNumber.WARN);
    assert.equal(b.spanContext?.traceId, TRACE_HEX);
    assert.equal(c.body, 'no trace here');
    assert.equal(c.spanContext, undefined);
    assert.equal(c.severityNumber, SeverityNumber.ERROR);
  });

  it('go-ddtrace: log.Printf("%v", span) of dd-trace-go v2, with a level and microseconds', async () => {
    const [r] = await parse('go-ddtrace', [
      `2024/01/02 03:04:05.006007 WARN stock low dd.service=shop dd.env=prod dd.version=2.0.0 dd.trace_id="6740b4f400000000df8c4126fda6fb67" dd.span_id="${SPAN_DEC}" dd.parent_id="0"`,
    ]);
    assert.equal(r.body, 'stock low');
    assert.equal(r.severityNumber, SeverityNumber.WARN);
    assert.equal(hrTimeToNs(r.hrTime), 1704164645006007000n);
    assert.equal(r.spanContext?.traceId, '6740b4f400000000df8c4126fda6fb67');
    assert.equal(r.spanContext?.spanId, SPAN_HEX);
    assert.equal(r.resource.attributes['service.name'], 'shop');
    assert.equal(r.resource.attributes['deployment.environment.name'], 'prod');
    assert.equal(r.resource.attributes['service.version'], '2.0.0');
    assert.equal(r.attributes['dd.parent_id'], undefined);
  });

  it('go-ddtrace: v1 ids from the span context (decimal), a Lshortfile location and no level', async () => {
    const [r] = await parse('go-ddtrace', [`2024/01/02 03:04:05 main.go:42: paid in full dd.trace_id=${TRACE_DEC} dd.span_id=${SPAN_DEC}`]);
    assert.equal(r.body, 'paid in full');
    assert.equal(hrTimeToNs(r.hrTime), 1704164645000000000n);
    assert.equal(r.spanContext?.traceId, TRACE_HEX);
    assert.equal(r.spanContext?.spanId, SPAN_HEX);
    assert.equal(r.attributes['code.location'], 'main.go:42');
    assert.equal(r.attributes['datadog.trace.id'], TRACE_DEC);
  });

  it('go-ddtrace: a message that merely starts like a level word, and a line outside any trace', async () => {
    const [a, b] = await parse('go-ddtrace', ['2024/01/02 03:04:05 error budget at 3% dd.trace_id=1 dd.span_id=2', '2024/01/02 03:04:05 listening on :8080']);
    assert.equal(a.body, 'error budget at 3%');
    assert.equal(a.attributes['log.level'], undefined);
    assert.equal(a.spanContext?.spanId, '0000000000000002');
    assert.equal(b.body, 'listening on :8080');
    assert.equal(b.spanContext, undefined);
  });

  it('python-ddtrace: a line that is not in the format passes with its raw body', async () => {
    const [r] = await parse('python-ddtrace', ['Traceback (most recent call last):']);
    assert.equal(r.body, 'Traceback (most recent call last):');
    assert.equal(r.spanContext, undefined);
  });
});
