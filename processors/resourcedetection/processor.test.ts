import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { NO_HOST, testSettings } from '../../src/component/testing';
import type { ConfigIssue } from '../../src/config/issue';
import type { LogRecord, Span } from '../../src/consumer/consumer';
import { SinkConsumer } from '../../src/consumer/testing';
import { makeLogRecord, makeSpan } from '../../src/data/builders';
import { ResourceCache } from '../../src/data/resource';
import { config, type Config } from './config';
import { parseResourceAttributes } from './detectors';
import { factory } from './factory';
import { resourceDetectionProcessor } from './processor';
import { POD_ATTRIBUTES, POD_ENV } from './testing';


function cfgOf(raw: unknown): Config {
  const issues: ConfigIssue[] = [];
  const c = config.decode(raw, 'processors::resourcedetection', issues);
  assert.deepEqual(issues, []);
  return c!;
}

const resources = new ResourceCache();
const span = (attrs: Record<string, string>, i = 1) =>
  makeSpan({ traceId: 'a'.repeat(32), spanId: String(i).repeat(16), name: 's', startNs: 1n, endNs: 2n, resource: resources.get(attrs) });

async function run<T extends Span | LogRecord>(raw: unknown, env: NodeJS.ProcessEnv, items: T[]): Promise<T[]> {
  const sink = new SinkConsumer<T>();
  const p = resourceDetectionProcessor(sink, cfgOf(raw), env);
  await p.start(NO_HOST);
  await p.consume(items);
  await p.shutdown();
  return sink.items;
}

describe('resourcedetection processor', () => {
  it('adds the pod identity from the downward API variables to spans and log records', async () => {
    const raw = { detectors: ['downward_api'] };
    const [s] = await run(raw, POD_ENV, [span({ 'service.name': 'web' })]);
    assert.deepEqual(s.resource.attributes, { 'service.name': 'web', ...POD_ATTRIBUTES });
    const [r] = await run(raw, POD_ENV, [makeLogRecord({ timeNs: 1n, observedNs: 1n, body: 'b', resource: resources.get({ 'service.name': 'web' }) })]);
    assert.equal(r.resource.attributes['k8s.pod.name'], 'shop-7d9f-abcde');
    assert.equal(r.body, 'b');
  });

  it('adds nothing when the variables are not set (outside Kubernetes)', async () => {
    const [s] = await run({ detectors: ['downward_api', 'env'] }, { K8S_POD_NAME: '  ' }, [span({ 'service.name': 'web' })]);
    assert.deepEqual(s.resource.attributes, { 'service.name': 'web' });
  });

  it('keeps what the tracer set unless override: true', async () => {
    const env = { OTEL_RESOURCE_ATTRIBUTES: 'host.name=from-env,deployment.environment.name=prod' };
    const [kept] = await run({ detectors: ['env'] }, env, [span({ 'host.name': 'from-tracer' })]);
    assert.deepEqual(kept.resource.attributes, { 'host.name': 'from-tracer', 'deployment.environment.name': 'prod' });
    const [replaced] = await run({ detectors: ['env'], override: true }, env, [span({ 'host.name': 'from-tracer' })]);
    assert.equal(replaced.resource.attributes['host.name'], 'from-env');
  });

  it('lets the first detector listed win, and reads host.name and os.type from the system', async () => {
    const env = { OTEL_RESOURCE_ATTRIBUTES: 'host.name=set-by-env' };
    const [envFirst] = await run({ detectors: ['env', 'system'] }, env, [span({})]);
    assert.deepEqual(envFirst.resource.attributes, { 'host.name': 'set-by-env', 'os.type': process.platform === 'win32' ? 'windows' : process.platform });
    const [systemFirst] = await run({ detectors: ['system', 'env'], system: { resource_attributes: { 'os.type': { enabled: false } } } }, env, [span({})]);
    assert.deepEqual(systemFirst.resource.attributes, { 'host.name': hostname() });
  });

  it('keeps items of one origin on one Resource, and leaves the input untouched', async () => {
    const a = span({ 'service.name': 'web' }, 1);
    const b = span({ 'service.name': 'web' }, 2);
    const out = await run({ detectors: ['downward_api'] }, POD_ENV, [a, b]);
    assert.equal(out[0].resource, out[1].resource);
    assert.equal(a.resource.attributes['k8s.pod.name'], undefined);
  });

  it('fails to start on a malformed OTEL_RESOURCE_ATTRIBUTES, naming the entry', async () => {
    const p = resourceDetectionProcessor(new SinkConsumer<Span>(), cfgOf({}), { OTEL_RESOURCE_ATTRIBUTES: 'a=1,oops' });
    await assert.rejects(p.start(NO_HOST), { message: 'OTEL_RESOURCE_ATTRIBUTES: "oops" is not key=value (for example "k8s.pod.name=web-0,k8s.namespace.name=shop")' });
  });

  it('reads OTEL_RESOURCE_ATTRIBUTES as the OTel specification writes it (percent-encoded values, spaces trimmed)', () => {
    assert.deepEqual(parseResourceAttributes(' service.namespace = shop , team=a%2Cb%3Dc ,'), { 'service.namespace': 'shop', team: 'a,b=c' });
    assert.throws(() => parseResourceAttributes('k=%E0%A4%A'), /the value of "k" is not valid percent-encoding/);
  });

  it("takes the Collector's keys, names an unknown detector, and is created for either signal", () => {
    assert.deepEqual(cfgOf(undefined), {
      detectors: ['env'],
      override: false,
      timeout: 5000,
      system: { resource_attributes: { 'host.name': { enabled: true }, 'os.type': { enabled: true }, 'host.arch': { enabled: false } } },
    });
    const issues: ConfigIssue[] = [];
    config.decode({ detectors: ['env', 'sytem'] }, 'processors::resourcedetection', issues);
    assert.deepEqual(issues.map((i) => `${i.path}: ${i.message}`), [
      'processors::resourcedetection::detectors::1: must be one of "env", "system", "downward_api", got "sytem"; did you mean "system"?',
    ]);
    assert.ok(factory.create(testSettings('resourcedetection', 'processor'), cfgOf({}), new SinkConsumer<LogRecord>(), 'logs'));
  });
});
