import assert from 'node:assert/strict';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { makeLogRecord, makeSpan } from '../../src/data/builders';
import { ResourceCache } from '../../src/data/resource';
import { formatLog, formatSpan } from './format';

describe('debug exporter text', () => {
  const resource = new ResourceCache().get({ 'service.name': 'svc' });
  it('prints a span on one line, and every field when detailed', () => {
    const s = makeSpan({
      traceId: '0000000000000000df8c4126fda6fb67', spanId: 'b22920973d13d1b7', parentSpanId: 'fd8b2314f81bc419', name: 'index',
      kind: SpanKind.SERVER, status: { code: SpanStatusCode.ERROR }, startNs: 5n, endNs: 9n, resource, attributes: { 'http.method': 'GET', n: 2 },
    });
    assert.equal(formatSpan(s, false), 'span index trace_id=0000000000000000df8c4126fda6fb67 span_id=b22920973d13d1b7 parent_id=fd8b2314f81bc419 kind=1 status=2');
    assert.equal(formatSpan(s, true).split('\n').slice(1).join('\n'), '  start=5 end=9\n  resource: service.name=svc\n  attributes: http.method=GET n=2');
  });
  it('prints a log record with its trace context', () => {
    const r = makeLogRecord({ timeNs: 1n, observedNs: 2n, severityText: 'INFO', severityNumber: 9, body: 'hi', resource, traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) });
    assert.equal(formatLog(r, false), `log INFO(9) trace_id=${'a'.repeat(32)} span_id=${'b'.repeat(16)} body=hi`);
  });
});
