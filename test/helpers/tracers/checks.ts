/**
 * What every real-tracer suite asserts of a run, whatever the language: each line reaches the sink
 * and names a span there, each line joins its span exactly, and the tracer does not complain.
 */
import assert from 'node:assert/strict';
import { agentComplaints, tracerRecords } from './complaints';
import { spansById, unjoined } from './joins';
import { appOrSkip, type BuildName } from './prepare';
import { DD_ENV, SERVICE, runScenario, type Outcome, type ScenarioOptions } from './scenario';

/** Why a join assertion waits: the reason printed where it is skipped. */
/** In the enclosing describe: builds (or skips) and runs the app once before its tests; returns the outcome's getter. */
export function runOnce(build: BuildName, opts: Omit<ScenarioOptions, 'app'>): () => Outcome {
  let o: Outcome | undefined;
  before(async function () {
    this.timeout(15 * 60_000);
    const app = await appOrSkip(this, build);
    o = await runScenario({ ...opts, app });
    for (const r of o.requests) assert.equal(r.status, r.path === '/error' ? 500 : 200, r.path);
  });
  return () => o!;
}

/** Every line arrives once per pipeline, and its span id is that of a span at the sink, in the same low-64 trace. */
export function assertLinesReachTheirSpans(o: Outcome, pipelines: string[]): void {
  const byId = spansById(o.spans);
  // Lines that name their service put it on the record's resource.
  const withService = o.lines.every((l) => /dd\.service=\S/.test(l));
  for (const p of pipelines) {
    assert.equal(o.logs[p].length, o.lines.length, `${p}: every line once`);
    for (const log of o.logs[p]) {
      const span = byId.get(log.spanId);
      assert.ok(span, `${p}: "${log.body}" has span id "${log.spanId}", which no span at the sink has`);
      // Whatever the form of the written trace id, its low 64 bits are those of the span's trace.
      assert.equal(log.traceId.slice(16), span.traceId.slice(16), `${p}: "${log.body}" is in its span's trace`);
      if (withService) assert.equal(log.resource.attributes['service.name'], SERVICE[o.app.tracer]);
    }
  }
}

/** The requirement: every record's trace id and span id are exactly those of a span at the sink. */
export function assertEveryLineJoins(o: Outcome, pipelines: string[]): void {
  for (const p of pipelines) assert.deepEqual(unjoined(o.logs[p], o.spans), [], `${p}: lines that do not join`);
}

/** Every span carries the app's service, env and version, and the tracer that sent it. */
export function assertOrigin(o: Outcome, language: string): void {
  for (const s of o.spans) {
    assert.equal(s.resource.attributes['service.name'], SERVICE[o.app.tracer]);
    assert.equal(s.resource.attributes['deployment.environment.name'], DD_ENV);
    assert.equal(s.resource.attributes['telemetry.sdk.language'], language);
    assert.match(String(s.resource.attributes['telemetry.sdk.version']), new RegExp(`^v?${o.app.version.replace(/^v/, '').replace(/\./g, '\\.')}`));
  }
}

/** The tracer logged at debug level, with no complaint about the agent; the bridge stopped cleanly. */
export function assertNoAgentComplaints(o: Outcome): void {
  assert.ok(tracerRecords(o.app.tracer, o.tracerLog).some((r) => r.level === 'DEBUG'), 'the tracer logged at debug level');
  assert.deepEqual(agentComplaints(o.app.tracer, o.tracerLog), []);
  assert.equal(o.bridge.exitCode, 0, o.bridge.stderr);
}
