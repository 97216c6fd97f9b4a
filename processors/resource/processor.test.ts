import assert from 'node:assert/strict';
import { SinkConsumer } from '../../src/consumer/testing';
import type { LogRecord, Span } from '../../src/consumer/consumer';
import { testSettings } from '../../src/component/testing';
import { makeLogRecord, makeSpan } from '../../src/data/builders';
import { ResourceCache } from '../../src/data/resource';
import { factory } from './factory';

describe('resource processor', () => {
  const resource = new ResourceCache().get({ 'service.name': 'svc' });
  const cfg = { attributes: [{ key: 'deployment.environment.name', action: 'upsert' as const, value: 'prod' }] };

  it('changes a shared resource once, so items of one origin still share one Resource', async () => {
    const spans = [1, 2].map((i) => makeSpan({ traceId: 'a'.repeat(32), spanId: String(i).repeat(16), name: 's', startNs: 1n, endNs: 2n, resource }));
    const sink = new SinkConsumer<Span>();
    const rp = factory.create(testSettings('resource', 'processor'), cfg, sink, 'traces');
    await rp.consume(spans);
    assert.equal(sink.items[0].resource.attributes['deployment.environment.name'], 'prod');
    assert.equal(sink.items[0].resource, sink.items[1].resource, 'items of one origin still share one Resource');
    assert.equal(spans[0].resource.attributes['deployment.environment.name'], undefined, 'input untouched');
  });

  it('changes the resource of log records with the same create', async () => {
    const sink = new SinkConsumer<LogRecord>();
    const rp = factory.create(testSettings('resource', 'processor'), cfg, sink, 'logs');
    await rp.consume([makeLogRecord({ timeNs: 1n, observedNs: 1n, resource, body: 'b' })]);
    assert.equal(sink.items[0].resource.attributes['deployment.environment.name'], 'prod');
    assert.equal(sink.items[0].body, 'b');
  });
});
