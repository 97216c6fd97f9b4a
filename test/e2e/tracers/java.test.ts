/**
 * dd-java-agent for real: a tiny JDK HttpServer app with logback and DD_LOGS_INJECTION=true, under
 * the agent from Maven Central in a 1.4x version (decimal low-64 ids in the MDC) and the current
 * one. The CLI receives the traces and tails the log with builtin:java-logback; every line must join
 * its span at an independent OTLP sink.
 */
import assert from 'node:assert/strict';
import { DD_JAVA_AGENT } from '../../helpers/tracers/apps';
import { assertEveryLineJoins, assertLinesReachTheirSpans, assertNoAgentComplaints, assertOrigin, runOnce } from '../../helpers/tracers/checks';
import { idFormats, spansById, type IdFormat } from '../../helpers/tracers/joins';
import { willUse, type BuildName } from '../../helpers/tracers/prepare';
import type { Outcome } from '../../helpers/tracers/scenario';

const SCRIPTS = { builtin: 'builtin:java-logback' };
willUse('java-current', 'java-decimal');
const ERROR = 2;

/** The @Trace spans: operation, resource, errors with their exception, and the nested span's place. */
function assertTracedSpans(o: Outcome): void {
  assertOrigin(o, 'java');
  const a = o.spans.find((s) => s.attributes['dd.span.Resource'] === 'GET /a')!;
  assert.ok(a, 'the span of /a');
  assert.equal(a.name, 'http.request');
  assert.equal(a.parentSpanId, '');
  assert.equal(a.status.code, 0);

  const failed = o.spans.filter((s) => s.attributes['dd.span.Resource'] === 'GET /error');
  assert.equal(failed.length, 3);
  for (const e of failed) {
    assert.equal(e.status.code, ERROR);
    assert.equal(e.status.message, 'kaboom');
    const ex = e.events.find((x) => x.name === 'exception')!;
    assert.equal(ex.attributes['exception.type'], 'java.lang.IllegalStateException');
    assert.equal(ex.attributes['exception.message'], 'kaboom');
    assert.match(String(ex.attributes['exception.stacktrace']), /at App\.fail\(App\.java:\d+\)/);
  }

  const byId = spansById(o.spans);
  const logs = o.logs.builtin;
  for (let n = 0; n < 3; n++) {
    const received = logs.find((l) => l.body === `order received /nested/${n}`)!;
    const priced = logs.filter((l) => l.body === 'order priced inside a nested span')[n];
    assert.equal(byId.get(received.spanId)!.attributes['dd.span.Resource'], 'GET /nested');
    const price = byId.get(priced.spanId)!;
    assert.equal(price.name, 'order.price');
    assert.equal(price.attributes['dd.span.Resource'], 'price order');
    assert.equal(price.parentSpanId, received.spanId);
    assert.equal(priced.severityText, 'WARN');
    assert.equal(priced.attributes['logger.name'], 'App');
  }
}

const CELLS: { build: BuildName; version: string; writes: IdFormat }[] = [
  { build: 'java-current', version: DD_JAVA_AGENT.current, writes: '32-hex' },
  { build: 'java-decimal', version: DD_JAVA_AGENT.decimalLow64, writes: 'decimal low-64' },
];

describe('real tracers: dd-java-agent, JDK HttpServer with logback', function () {
  for (const cell of CELLS) {
    describe(`dd-java-agent ${cell.version}`, function () {
      this.timeout(120_000);
      const run = runOnce(cell.build, { scripts: SCRIPTS });
      it(`writes ${cell.writes} trace ids into the MDC, and sends 128-bit traces`, () => {
        assert.deepEqual(idFormats(run().lines), [cell.writes]);
        assert.ok(run().spans.every((s) => !s.traceId.startsWith('0000000000000000')), 'the spans carry _dd.p.tid');
      });
      it('builtin:java-logback brings every line to the sink with the span id of a span there', () => assertLinesReachTheirSpans(run(), ['builtin']));
      it('every line joins its span: exact 128-bit trace id and span id', function () {
        // Guarded until trace-id recovery is merged; the assertion below is the requirement.
        assertEveryLineJoins(run(), ['builtin']);
      });
      it('the spans read as Datadog shows them: service, resource, errors, nesting', () => assertTracedSpans(run()));
      it('the tracer logs no complaint about the agent', () => assertNoAgentComplaints(run()));
    });
  }
});
