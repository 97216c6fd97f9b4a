import assert from 'node:assert/strict';
import { SinkConsumer } from '../../src/consumer/testing';
import type { LogRecord, Span } from '../../src/consumer/consumer';
import { testSettings } from '../../src/component/testing';
import { makeLogRecord, makeSpan } from '../../src/data/builders';
import { ResourceCache } from '../../src/data/resource';
import { factory } from './factory';

describe('attributes processor', () => {
  const resource = new ResourceCache().get({ 'service.name': 'svc' });

  it('applies to log record attributes', async () => {
    const logs = new SinkConsumer<LogRecord>();
    const ap = factory.create(testSettings('attributes', 'processor'), { actions: [{ key: 'team', action: 'insert', value: 'core' }] }, logs, 'logs');
    await ap.consume([makeLogRecord({ timeNs: 1n, observedNs: 1n, resource, body: 'b' })]);
    assert.equal(logs.items[0].attributes.team, 'core');
    assert.equal(logs.items[0].body, 'b');
  });

  it('applies to span attributes and passes an unchanged span through as it is', async () => {
    const spans = new SinkConsumer<Span>();
    const ap = factory.create(testSettings('attributes', 'processor'), { actions: [{ key: 'http.method', action: 'update', value: 'POST' }] }, spans, 'traces');
    const changed = makeSpan({ traceId: 'a'.repeat(32), spanId: '1'.repeat(16), name: 's', startNs: 1n, endNs: 2n, resource, attributes: { 'http.method': 'GET' } });
    const untouched = makeSpan({ traceId: 'a'.repeat(32), spanId: '2'.repeat(16), name: 's', startNs: 1n, endNs: 2n, resource });
    await ap.consume([changed, untouched]);
    assert.equal(spans.items[0].attributes['http.method'], 'POST');
    assert.equal(changed.attributes['http.method'], 'GET', 'input untouched');
    assert.equal(spans.items[0].spanContext().spanId, '1'.repeat(16));
    assert.equal(spans.items[1], untouched);
  });
});
