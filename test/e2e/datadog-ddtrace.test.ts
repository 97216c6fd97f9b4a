import assert from 'node:assert/strict';
import path from 'node:path';
import { REPO_ROOT, startCollector, type RunningCollector } from '../helpers/collector';
import { bridgeConfig } from '../helpers/bridge-config';
import { OtlpSink, type SinkSpan } from '../helpers/sink';
import { startTracedApp, stopTracedApp, type TracedApp } from '../helpers/traced-app';

/**
 * The real dd-trace npm tracer, in two instrumented Express apps (frontend → backend over HTTP,
 * so trace context crosses a process boundary), sends to the real CLI's datadog receiver, which
 * exports OTLP to a test sink. Every span the apps finished must arrive exactly once with the
 * ids, parentage, errors and tags the tracer gave it, and the tracer must log no error about our
 * answers.
 */

const APP = path.join(REPO_ROOT, 'test/fixtures/datadog/traced-app.js');

interface Recorded {
  traceId: string;
  spanId: string;
  parentId: string;
  name: string;
  service: string;
  resource: string;
  error: boolean;
  errorMessage?: string;
}

type App = TracedApp<Recorded>;

function startApp(service: string, agentPort: number, protocol: string, downstream = ''): Promise<App> {
  return startTracedApp<Recorded>(APP, {
    DD_SERVICE: service,
    DD_ENV: 'e2e',
    DD_VERSION: '1.2.3',
    DD_TRACE_AGENT_URL: `http://127.0.0.1:${agentPort}`,
    DD_TRACE_AGENT_PROTOCOL_VERSION: protocol,
    DD_TRACE_DEBUG: 'true',
    DD_TRACE_LOG_LEVEL: 'debug',
    DD_LOGS_INJECTION: 'false',
    DOWNSTREAM_URL: downstream,
  });
}

const config = (sinkUrl: string) => bridgeConfig({ sinkUrl, traces: true, batchTimeout: '20ms' });

const KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3 };
const ERROR = 2;

/** Lines dd-trace's logger wrote at warn/error level, or about the agent's answers. */
function tracerComplaints(app: App): string[] {
  return (app.stdout() + app.stderr())
    .split('\n')
    .filter((l) => !l.startsWith('SPAN '))
    .filter((l) => /error|warn|fail|invalid|unexpected/i.test(l))
    // Debug dumps of span tags contain the app's own error (kaboom) and are not complaints.
    .filter((l) => !/kaboom|"error":|error\.(type|message|stack)|Encoding trace|Adding encoded trace|Request to the agent|Response from the agent/.test(l));
}

for (const protocol of ['0.4', '0.5']) {
  describe(`datadog receiver end to end: dd-trace (protocol ${protocol}) → CLI → OTLP sink`, function () {
    this.timeout(60000);
    let sink: OtlpSink;
    let collector: RunningCollector | undefined;
    let frontend: App | undefined;
    let backend: App | undefined;

    before(async () => {
      sink = await OtlpSink.start();
      collector = await startCollector(config(sink.url));
      const port = Number(collector.address('datadog').split(':').pop());
      backend = await startApp('backend', port, protocol);
      frontend = await startApp('frontend', port, protocol, backend.url);
    });

    after(async () => {
      await stopTracedApp(frontend);
      await stopTracedApp(backend);
      if (collector) await collector.stop();
      await sink?.close();
    });

    it('delivers every span exactly once with its ids, parentage, errors and tags; the tracer logs no complaint', async () => {
      const checkout = await fetch(`${frontend!.url}/checkout`);
      assert.deepEqual(await checkout.json(), { status: 200, price: 42 });
      const fail = await fetch(`${frontend!.url}/fail`);
      assert.equal(fail.status, 502);
      await fail.text();

      const recorded = () => [...frontend!.spans, ...backend!.spans];
      // Both apps finished their request spans before answering; wait until the sink has them all.
      await sink.waitFor(
        (s) => recorded().length >= 8 && recorded().every((r) => s.spans.some((x) => x.spanId === r.spanId)),
        20000,
        'every recorded span in the sink',
      );
      // Give a duplicate, if any, the time to arrive too.
      await new Promise((r) => setTimeout(r, 300));

      const all = recorded();
      const got = sink.spans;
      assert.equal(got.length, all.length, `sink has ${got.length} spans, apps finished ${all.length}`);
      const byId = new Map<string, SinkSpan>();
      for (const s of got) {
        assert.ok(!byId.has(s.spanId), `span ${s.spanId} arrived twice`);
        byId.set(s.spanId, s);
      }
      for (const r of all) {
        const s = byId.get(r.spanId)!;
        assert.ok(s, `span ${r.name} ${r.spanId} missing`);
        assert.equal(s.traceId, r.traceId, `trace id of ${r.name}`);
        assert.equal(s.parentSpanId, r.parentId, `parent of ${r.name}`);
        assert.equal(s.resource.attributes['service.name'], r.service);
        assert.equal(s.resource.attributes['deployment.environment.name'], 'e2e');
        assert.equal(s.resource.attributes['service.version'], '1.2.3');
        assert.equal(s.resource.attributes['telemetry.sdk.language'], 'nodejs');
        assert.equal(s.attributes['dd.span.Resource'], r.resource);
        assert.equal(s.attributes['datadog.span.id'], BigInt('0x' + r.spanId).toString());
        assert.equal(s.status.code === ERROR, r.error, `error status of ${r.name} ${r.resource}`);
      }
      // 128-bit trace ids: dd-trace generates them, the high half travels as _dd.p.tid.
      assert.ok(got.every((s) => !s.traceId.startsWith('0000000000000000')));

      // The distributed call: backend's server span is a child of frontend's client span.
      const clientToPrice = got.find((s) => s.resource.attributes['service.name'] === 'frontend' && s.kind === KIND.CLIENT && s.attributes['url.full']?.toString().endsWith('/price'))!;
      assert.ok(clientToPrice, 'frontend client span for /price');
      const priceServer = got.find((s) => s.resource.attributes['service.name'] === 'backend' && s.kind === KIND.SERVER && s.attributes['http.route'] === '/price')!;
      assert.ok(priceServer, 'backend server span for /price');
      assert.equal(priceServer.parentSpanId, clientToPrice.spanId);
      assert.equal(priceServer.traceId, clientToPrice.traceId);
      const checkoutServer = got.find((s) => s.kind === KIND.SERVER && s.attributes['http.route'] === '/checkout')!;
      assert.equal(checkoutServer.traceId, priceServer.traceId);
      assert.equal(checkoutServer.parentSpanId, '');
      assert.equal(checkoutServer.attributes['http.request.method'], 'GET');
      assert.equal(checkoutServer.attributes['http.response.status_code'], 200);

      // A custom span with its tags (string meta and numeric metric).
      const pricing = got.find((s) => s.name === 'pricing.compute')!;
      assert.equal(pricing.attributes['price.currency'], 'EUR');
      assert.equal(pricing.attributes['price.items'], 3);
      assert.equal(pricing.traceId, priceServer.traceId);

      // The error path: backend's /boom server span carries the exception.
      const boom = got.find((s) => s.kind === KIND.SERVER && s.attributes['http.route'] === '/boom')!;
      assert.equal(boom.status.code, ERROR);
      assert.equal(boom.status.message, 'kaboom');
      const ex = boom.events.find((e) => e.name === 'exception')!;
      assert.equal(ex.attributes['exception.message'], 'kaboom');
      assert.equal(ex.attributes['exception.type'], 'Error');
      assert.match(String(ex.attributes['exception.stacktrace']), /kaboom/);

      // The tracers read our answers without complaint, and the debug log proves they got them.
      for (const app of [frontend!, backend!]) {
        assert.match(app.stdout() + app.stderr(), /Response from the agent: \{"rate_by_service":\{"service:,env:":1\}\}/);
        assert.deepEqual(tracerComplaints(app), []);
      }
      const metrics = await (await fetch(collector!.metricsUrl)).text();
      assert.match(metrics, new RegExp(`otelcol_receiver_accepted_spans_total\\{[^}]*endpoint="/v${protocol}/traces"[^}]*client_language="nodejs"[^}]*\\} ${all.length}`));
    });
  });
}
