import assert from 'node:assert/strict';
import { defineExporter, defineReceiver, type Component } from './component/component';
import { Registry } from './component/registry';
import * as s from './config/schema';
import { resolveConfig } from './config/resolve';
import { Collector } from './collector';
import { silentLogger } from './telemetry/logger';
import { Metrics } from './telemetry/metrics';

/** Components that record their lifecycle in one shared list; `slow` takes a while to start. */
function registry(events: string[], failing = false) {
  const component = (name: string, delayMs = 0, fail = false): Component => ({
    async start() {
      await new Promise((r) => setTimeout(r, delayMs));
      if (fail) throw new Error('boom');
      events.push(`start ${name}`);
    },
    async shutdown() {
      events.push(`stop ${name}`);
    },
  });
  return new Registry([
    defineReceiver({ type: 'rx', stability: 'development', signals: ['traces'], config: s.object({}), create: () => component('rx', 0, failing) }),
    defineExporter({
      type: 'ex', stability: 'development', signals: ['traces'], config: s.object({}),
      create: () => ({ ...component('ex', 100), traces: { consume: async () => {} } }),
    }),
  ]);
}

const CONFIG = { receivers: { rx: {} }, exporters: { ex: {} }, service: { pipelines: { traces: { receivers: ['rx'], exporters: ['ex'] } } } };

function collector(events: string[], failing = false) {
  const { config, issues } = resolveConfig(CONFIG, registry(events, failing));
  assert.deepEqual(issues, []);
  return new Collector(config!, { logger: silentLogger(), metrics: new Metrics() });
}

describe('collector lifecycle', () => {
  it('starts exporters before receivers and stops them in reverse', async () => {
    const events: string[] = [];
    const c = collector(events);
    await c.start();
    assert.equal(c.status(), 'running');
    await c.shutdown();
    assert.deepEqual(events, ['start ex', 'start rx', 'stop rx', 'stop ex']);
    assert.equal(c.status(), 'stopped');
  });

  it('a shutdown during startup starts nothing more and stops what started', async () => {
    const events: string[] = [];
    const c = collector(events);
    const starting = c.start();
    await new Promise((r) => setTimeout(r, 20)); // the exporter is still starting
    await c.shutdown();
    await starting;
    assert.deepEqual(events, ['start ex', 'stop ex']);
    assert.equal(c.status(), 'stopped');
  });

  it('a failed start stops what started and names the component', async () => {
    const events: string[] = [];
    const c = collector(events, true);
    await assert.rejects(c.start(), /receiver "rx" failed to start: boom/);
    assert.deepEqual(events, ['start ex', 'stop ex']);
  });
});
