/**
 * dd-trace-go for real: a net/http server traced with v1 (the latest v1) and with v2 (contrib
 * net/http), logging with the standard `log` package as Datadog's Go docs show, both ways: the span
 * formatted with `%v`, and the span context's ids written by hand. The CLI receives the traces and
 * tails the log with builtin:go-ddtrace; every line must join its span at an independent OTLP sink.
 */
import assert from 'node:assert/strict';
import { assertEveryLineJoins, assertLinesReachTheirSpans, assertNoAgentComplaints, assertOrigin, runOnce } from '../../helpers/tracers/checks';
import { idFormats, spansById, type IdFormat } from '../../helpers/tracers/joins';
import { willUse } from '../../helpers/tracers/prepare';
import type { Outcome } from '../../helpers/tracers/scenario';

const SCRIPTS = { builtin: 'builtin:go-ddtrace' };
willUse('go-v1', 'go-v2');
const SERVER = 2;
const ERROR = 2;

/** The contrib/net/http spans: name, kind, resource, HTTP attributes, errors; the nested span's place. */
function assertServerSpans(o: Outcome): void {
  assertOrigin(o, 'go');
  const a = o.spans.find((s) => s.attributes['http.route'] === '/a')!;
  assert.ok(a, 'a server span for /a');
  assert.equal(a.name, 'GET /a');
  assert.equal(a.kind, SERVER);
  assert.equal(a.parentSpanId, '');
  assert.equal(a.attributes['dd.span.Resource'], 'GET /a');
  assert.equal(a.attributes['http.request.method'], 'GET');
  assert.equal(a.attributes['http.response.status_code'], 200);
  assert.equal(a.status.code, 0);

  const failed = o.spans.filter((s) => s.attributes['http.route'] === '/error');
  assert.equal(failed.length, 3);
  for (const e of failed) {
    assert.equal(e.attributes['http.response.status_code'], 500);
    assert.equal(e.status.code, ERROR);
    // contrib/net/http replaces the handler's error message with the status line once it sees a 5xx.
    assert.equal(e.status.message, '500: Internal Server Error');
    const ex = e.events.find((x) => x.name === 'exception')!;
    assert.equal(ex.attributes['exception.message'], '500: Internal Server Error');
    assert.equal(ex.attributes['exception.type'], '*errors.errorString');
  }

  const byId = spansById(o.spans);
  const logs = o.logs.builtin;
  for (let n = 0; n < 3; n++) {
    const received = logs.find((l) => l.body === `order received /nested/${n}`)!;
    const priced = logs.filter((l) => l.body === 'order priced inside a nested span')[n];
    assert.equal(byId.get(received.spanId)!.kind, SERVER, 'the outer line joins the request span');
    const price = byId.get(priced.spanId)!;
    assert.equal(price.name, 'order.price');
    assert.equal(price.attributes['dd.span.Resource'], 'price order');
    assert.equal(price.parentSpanId, received.spanId);
    assert.equal(priced.severityText, 'WARN');
  }
}

const CELLS: { major: 'v1' | 'v2'; format: 'span' | 'ids'; how: string; writes: IdFormat }[] = [
  { major: 'v1', format: 'span', how: 'log.Printf("%v", span)', writes: 'decimal low-64' },
  { major: 'v1', format: 'ids', how: 'span.Context().TraceID() and SpanID(), uint64s', writes: 'decimal low-64' },
  { major: 'v2', format: 'span', how: 'log.Printf("%v", span)', writes: '32-hex' },
  { major: 'v2', format: 'ids', how: 'span.Context().TraceID() (hex string) and SpanID()', writes: '32-hex' },
];

describe('real tracers: dd-trace-go, net/http with the standard log package', function () {
  for (const cell of CELLS) {
    describe(`dd-trace-go ${cell.major}, ${cell.how}`, function () {
      this.timeout(120_000);
      const run = runOnce(`go-${cell.major}`, { scripts: SCRIPTS, env: { LOG_FORMAT: cell.format } });
      it(`writes ${cell.writes} trace ids into its lines, and sends 128-bit traces`, () => {
        assert.deepEqual(idFormats(run().lines), [cell.writes]);
        assert.ok(run().spans.every((s) => !s.traceId.startsWith('0000000000000000')), 'the spans carry _dd.p.tid');
      });
      it('builtin:go-ddtrace brings every line to the sink with the span id of a span there, and its level, message and time', () => {
        const o = run();
        assertLinesReachTheirSpans(o, ['builtin']);
        const hello = o.logs.builtin.find((l) => l.body === 'Hello, World!')!;
        assert.equal(hello.severityText, 'INFO');
        const line = o.lines.find((l) => l.includes('Hello, World!'))!;
        const written = Date.parse(line.slice(0, 26).replace(/\//g, '-').replace(' ', 'T') + 'Z');
        assert.equal(Math.floor(Number(BigInt(hello.timeUnixNano) / 1_000_000n)), written);
        assert.equal(o.logs.builtin.find((l) => l.body === 'about to fail')!.severityText, 'ERROR');
      });
      it('every line joins its span: exact 128-bit trace id and span id', function () {
        // Guarded until trace-id recovery is merged; the assertion below is the requirement.
        assertEveryLineJoins(run(), ['builtin']);
      });
      it('the spans read as Datadog shows them: service, resource, HTTP attributes, errors, nesting', () => assertServerSpans(run()));
      it('the tracer logs no complaint about the agent', () => assertNoAgentComplaints(run()));
    });
  }
});
