/**
 * Pod identity without Kubernetes API access: the CLI, given the downward API's variables, puts
 * `k8s.*` on every span (from the real dd-trace tracer) and every log record (tailed from a file),
 * and puts none there when they are not set.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT, startCollector, type RunningCollector } from '../helpers/collector';
import { bridgeConfig } from '../helpers/bridge-config';
import { OtlpSink, type SinkResource } from '../helpers/sink';
import { POD_ATTRIBUTES, POD_ENV } from '../../processors/resourcedetection/testing';
import { startTracedApp, stopTracedApp, type TracedApp } from '../helpers/traced-app';

const APP = path.join(REPO_ROOT, 'test/fixtures/datadog/traced-app.js');

function config(sinkUrl: string, logGlob: string): string {
  return bridgeConfig({
    sinkUrl,
    traces: true,
    logs: { include: logGlob, script: `'grok(_, "%{WORD:level} %{GREEDYDATA:message}")'` },
    batchTimeout: '20ms',
    processors: { resourcedetection: '    detectors: [env, downward_api, system]\n' },
  });
}

const k8sOf = (r: SinkResource) => Object.fromEntries(Object.entries(r.attributes).filter(([k]) => k.startsWith('k8s.')));

describe('resourcedetection end to end: pod identity on every span and record', function () {
  this.timeout(60000);
  let dir: string;
  let sink: OtlpSink;
  let collector: RunningCollector | undefined;
  let app: TracedApp<{ spanId: string }> | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ddob-rd-'));
    writeFileSync(path.join(dir, 'app.log'), 'INFO checkout done\nWARN stock low\n');
    sink = await OtlpSink.start();
  });
  afterEach(async () => {
    await stopTracedApp(app);
    await collector?.stop();
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function traffic(env: NodeJS.ProcessEnv) {
    // Variables of the test runner's own environment must not leak into the "absent" case.
    const clean = Object.fromEntries(Object.keys(POD_ENV).map((k) => [k, undefined]));
    collector = await startCollector(config(sink.url, path.join(dir, '*.log')), { env: { ...clean, OTEL_RESOURCE_ATTRIBUTES: undefined, ...env } });
    const port = Number(collector.address('datadog').split(':').pop());
    app = await startTracedApp(APP, { DD_SERVICE: 'shop-web', DD_TRACE_AGENT_URL: `http://127.0.0.1:${port}` });
    assert.equal((await fetch(`${app.url}/price`)).status, 200);
    await sink.waitFor((s) => s.logs.length >= 2 && app!.spans.length > 0 && app!.spans.every((r) => s.spans.some((x) => x.spanId === r.spanId)), 20000, 'spans and records');
  }

  it('with the downward API variables set: k8s.* on every span and every log record, next to what the tracer set', async () => {
    await traffic(POD_ENV);
    for (const s of sink.spans) {
      assert.deepEqual(k8sOf(s.resource), POD_ATTRIBUTES);
      assert.equal(s.resource.attributes['service.name'], 'shop-web', 'the tracer\'s own attributes stay');
      assert.equal(s.resource.attributes['os.type'], 'linux');
    }
    for (const l of sink.logs) assert.deepEqual(k8sOf(l.resource), POD_ATTRIBUTES);
    assert.deepEqual(sink.logs.map((l) => l.body).sort(), ['checkout done', 'stock low']);
  });

  it('without them: no k8s.* attribute anywhere', async () => {
    await traffic({});
    for (const x of [...sink.spans, ...sink.logs]) assert.deepEqual(k8sOf(x.resource), {});
    assert.ok(sink.spans.every((s) => typeof s.resource.attributes['host.name'] === 'string'), 'the system detector still ran');
  });
});
