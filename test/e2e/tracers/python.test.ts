/**
 * The seed scenario for real: the seed's Flask app under `ddtrace-run` (ddtrace from PyPI) sends its
 * traces to the CLI as its agent and writes the seed's log format; the CLI tails the log with the
 * seed's own Pipeline script and with builtin:python-ddtrace. Every line must join its span at an
 * independent OTLP sink, and the Flask spans must read as a Datadog user knows them.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { REPO_ROOT } from '../../helpers/collector';
import type { SinkSpan } from '../../helpers/sink';
import { DDTRACE_PY } from '../../helpers/tracers/apps';
import { assertEveryLineJoins, assertLinesReachTheirSpans, assertNoAgentComplaints, assertOrigin, runOnce } from '../../helpers/tracers/checks';
import { idFormats, spansById } from '../../helpers/tracers/joins';
import { willUse } from '../../helpers/tracers/prepare';
import { DD_VERSION, type Outcome } from '../../helpers/tracers/scenario';

const SCRIPTS = { seed: path.join(REPO_ROOT, 'test/fixtures/seed/python-ddtrace.p'), builtin: 'builtin:python-ddtrace' };
willUse('python-current', 'python-decimal');
const SERVER = 2;
const ERROR = 2;

function requestSpans(o: Outcome, route: string): SinkSpan[] {
  return o.spans.filter((s) => s.name === 'flask.request' && s.attributes['http.route'] === route);
}

/** Service, resource, kind, HTTP attributes and error status of the Flask spans; the nested span's place. */
function assertFlaskSpans(o: Outcome): void {
  assertOrigin(o, 'python');
  assert.ok(o.spans.every((s) => s.resource.attributes['service.version'] === DD_VERSION));
  const [a] = requestSpans(o, '/a');
  assert.ok(a, 'a flask.request span for /a');
  assert.equal(a.parentSpanId, '');
  assert.equal(a.kind, SERVER);
  assert.equal(a.attributes['dd.span.Resource'], 'GET /a');
  assert.equal(a.attributes['component'], 'flask');
  assert.equal(a.attributes['http.request.method'], 'GET');
  assert.equal(a.attributes['http.response.status_code'], 200);
  assert.match(String(a.attributes['url.full']), /^http:\/\/127\.0\.0\.1:\d+\/a$/);
  assert.equal(a.status.code, 0);

  const failed = requestSpans(o, '/error');
  assert.equal(failed.length, 3);
  for (const e of failed) {
    assert.equal(e.attributes['dd.span.Resource'], 'GET /error');
    assert.equal(e.attributes['http.response.status_code'], 500);
    assert.equal(e.status.code, ERROR, 'the failed request is an error');
    const raised = o.spans.find((s) => s.traceId === e.traceId && s.events.some((x) => x.name === 'exception'));
    assert.ok(raised, 'the exception is on a span of the failed request');
    const ex = raised.events.find((x) => x.name === 'exception')!;
    assert.equal(ex.attributes['exception.type'], 'builtins.ValueError');
    assert.equal(ex.attributes['exception.message'], 'kaboom');
  }

  // The line written inside `tracer.trace('order.price')` joins that span, a child of the view's span.
  const byId = spansById(o.spans);
  for (let n = 0; n < 3; n++) {
    const received = o.logs.builtin.find((l) => l.body === `order ${n} received`)!;
    const priced = o.logs.builtin.find((l) => l.body === `order ${n} priced inside a nested span`)!;
    const price = byId.get(priced.spanId)!;
    assert.equal(price.name, 'order.price');
    assert.equal(price.attributes['dd.span.Resource'], 'price order');
    assert.equal(price.parentSpanId, received.spanId, 'the nested span is a child of the span the outer line joined');
    assert.equal(priced.severityText, 'WARNING');
  }
}

describe('real tracers: Python ddtrace, the seed app', function () {
  describe(`ddtrace ${DDTRACE_PY.current} (the current release)`, function () {
    this.timeout(120_000);
    const run = runOnce('python-current', { scripts: SCRIPTS });
    it('writes 32-hex trace ids into its lines', () => {
      assert.deepEqual(idFormats(run().lines), ['32-hex']);
    });
    it('builtin:python-ddtrace joins every line to its span: exact 128-bit trace id and span id', () => {
      assertLinesReachTheirSpans(run(), ['builtin']);
      assertEveryLineJoins(run(), ['builtin']);
    });
    it('the seed\'s own script, whose grok reads no 32-hex ids (%{NUMBER}), still joins every line by the ids the tracer injected', () => {
      const o = run();
      for (const l of o.logs.seed) assert.match(String(l.body), /^(Hello, World!|order \d received|order \d priced inside a nested span|about to fail)$/);
      // Only the ids come from the line: the service the script failed to read stays unread.
      assert.equal(o.logs.seed.length, o.lines.length);
      assertEveryLineJoins(o, ['seed']);
    });
    it('the Flask spans read as Datadog shows them: service, resource, HTTP attributes, errors, nesting', () => assertFlaskSpans(run()));
    it('the tracer logs no complaint about the agent', () => assertNoAgentComplaints(run()));
  });

  // ddtrace 4.16 writes every 128-bit trace id as 32 hex digits whatever
  // DD_TRACE_128_BIT_TRACEID_LOGGING_ENABLED says: the decimal low half needs a 2.x.
  describe(`ddtrace ${DDTRACE_PY.decimalLow64} (the last 2.x that logs decimal low-64 ids)`, function () {
    this.timeout(120_000);
    const run = runOnce('python-decimal', { scripts: SCRIPTS });
    it('writes decimal low-64 trace ids into its lines while its traces are 128-bit', () => {
      assert.deepEqual(idFormats(run().lines), ['decimal low-64']);
      assert.ok(run().spans.every((s) => !s.traceId.startsWith('0000000000000000')), 'the spans carry _dd.p.tid');
    });
    it('both scripts bring every line to the sink with the span id of a span there', () => assertLinesReachTheirSpans(run(), ['seed', 'builtin']));
    it('both scripts join every line to its span: exact 128-bit trace id and span id', () => assertEveryLineJoins(run(), ['seed', 'builtin']));
    it('the Flask spans read as Datadog shows them: service, resource, HTTP attributes, errors, nesting', () => assertFlaskSpans(run()));
    it('the tracer logs no complaint about the agent', () => assertNoAgentComplaints(run()));
  });
});
