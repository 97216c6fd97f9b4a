import assert from 'node:assert/strict';
import { SinkConsumer } from '../../src/consumer/testing';
import type { LogRecord, Span } from '../../src/consumer/consumer';
import { testSettings } from '../../src/component/settings';
import { makeLogRecord, makeSpan } from '../../src/data/builders';
import { ResourceCache } from '../../src/data/resource';
import { applyActions, validateActions } from './actions';
import { factory as attributes } from './factory';
import { factory as resourceProc } from '../resource/factory';

describe('attribute actions', () => {
  const base = { a: 'x', n: 1 };
  const cases: [string, Parameters<typeof applyActions>[1], Record<string, unknown>][] = [
    ['insert adds a missing key', [{ key: 'b', action: 'insert', value: 'y' }], { a: 'x', n: 1, b: 'y' }],
    ['insert keeps an existing key', [{ key: 'a', action: 'insert', value: 'y' }], base],
    ['update changes an existing key', [{ key: 'a', action: 'update', value: 'y' }], { a: 'y', n: 1 }],
    ['update ignores a missing key', [{ key: 'b', action: 'update', value: 'y' }], base],
    ['upsert sets either way', [{ key: 'a', action: 'upsert', value: 2 }, { key: 'c', action: 'upsert', value: true }], { a: 2, n: 1, c: true }],
    ['delete removes', [{ key: 'a', action: 'delete' }], { n: 1 }],
    ['from_attribute copies', [{ key: 'copy', action: 'insert', from_attribute: 'n' }], { a: 'x', n: 1, copy: 1 }],
  ];
  for (const [name, actions, want] of cases) {
    it(name, () => assert.deepEqual(applyActions(base, actions), want));
  }

  it('does not modify its input', () => {
    const input = { a: 'x' };
    applyActions(input, [{ key: 'a', action: 'delete' }]);
    assert.deepEqual(input, { a: 'x' });
  });

  it('rejects actions without a source or with two', () => {
    assert.deepEqual(validateActions([{ key: 'k', action: 'upsert' }, { key: 'k', action: 'delete', value: 1 }], 'actions').map((i) => i.message), [
      'action "upsert" needs exactly one of value or from_attribute',
      'action "delete" takes no value or from_attribute',
    ]);
  });

  it('applies to span and log attributes (attributes) and to a shared resource (resource)', async () => {
    const resource = new ResourceCache().get({ 'service.name': 'svc' });
    const spans = [1, 2].map((i) => makeSpan({ traceId: 'a'.repeat(32), spanId: String(i).repeat(16), name: 's', startNs: 1n, endNs: 2n, resource }));
    const sink = new SinkConsumer<Span>();
    const rp = resourceProc.createTraces!(testSettings('resource', 'processor'), { attributes: [{ key: 'deployment.environment.name', action: 'upsert', value: 'prod' }] } as never, sink);
    await rp.consume(spans);
    assert.equal(sink.items[0].resource.attributes['deployment.environment.name'], 'prod');
    assert.equal(sink.items[0].resource, sink.items[1].resource, 'items of one origin still share one Resource');
    assert.equal(spans[0].resource.attributes['deployment.environment.name'], undefined, 'input untouched');

    const logs = new SinkConsumer<LogRecord>();
    const ap = attributes.createLogs!(testSettings('attributes', 'processor'), { actions: [{ key: 'team', action: 'insert', value: 'core' }] } as never, logs);
    await ap.consume([makeLogRecord({ timeNs: 1n, observedNs: 1n, resource, body: 'b' })]);
    assert.equal(logs.items[0].attributes.team, 'core');
  });
});
