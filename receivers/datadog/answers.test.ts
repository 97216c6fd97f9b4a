/** The agent paths besides traces: the debugger intakes accepted as the agent does, and one info line per family a tracer loses. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { NO_HOST, testSettings } from '../../src/component/testing';
import type { Span } from '../../src/consumer/consumer';
import { SinkConsumer } from '../../src/consumer/testing';
import { defaults } from '../../src/config/schema';
import { Metrics } from '../../src/telemetry/metrics';
import { OTHER_PATHS } from './answers';
import { config } from './config';
import { factory } from './factory';
import type { DatadogReceiver } from './receiver';

describe('datadog receiver: agent paths besides traces', () => {
  let rx: DatadogReceiver;
  let url: string;
  let metrics: Metrics;
  let lines: { level: number; msg: string; path?: string; loses?: string }[];
  beforeEach(async () => {
    metrics = new Metrics();
    lines = [];
    const out = new Writable({ write: (c, _e, cb) => (lines.push(JSON.parse(String(c))), cb()) });
    const set = { ...testSettings('datadog', 'receiver', metrics), logger: pino({ level: 'info' }, out) };
    rx = factory.create(set, { ...defaults(config), endpoint: '127.0.0.1:0' }, { traces: new SinkConsumer<Span>() }) as DatadogReceiver;
    await rx.start(NO_HOST);
    url = `http://127.0.0.1:${rx.address()!.port}`;
    lines.length = 0;
  });
  afterEach(() => rx.shutdown());

  const call = async (path: string, method = 'POST') => {
    const res = await fetch(url + path, { method, body: method === 'GET' ? undefined : '{"x":1}', headers: { 'content-type': 'application/json' } });
    return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
  };

  it('accepts and discards the debugger uploads the way the agent answers them (202, {})', async () => {
    for (const path of ['/debugger/v1/input', '/debugger/v2/input?ddtags=env:prod', '/debugger/v1/diagnostics']) {
      assert.deepEqual(await call(path), { status: 202, type: 'application/json', body: '{}' }, path);
    }
    assert.equal(await metrics.value('otelcol_receiver_datadog_requests_total', { endpoint: '/debugger/v2/input', code: '202' }), 1);
    assert.equal((await call('/debugger/v9/other')).status, 404);
  });

  it('logs once at info, per path family, what a tracer loses; nothing for the paths that lose nothing', async () => {
    await call('/dogstatsd/v2/proxy');
    await call('/dogstatsd/v2/proxy');
    await call('/v0.7/config');
    await call('/telemetry/proxy/api/v2/apmtelemetry');
    await call('/telemetry/proxy/api/v2/apmtelemetry');
    await call('/v0.4/services', 'PUT');
    await call('/no/such/path', 'GET');
    await call('/another/unknown', 'GET');
    assert.ok(lines.every((l) => l.level === 30));
    assert.deepEqual(lines.map((l) => l.msg), [
      "A tracer called \"/dogstatsd/v2/proxy\", which the bridge does not serve (404); the tracer loses the metrics it sends through the agent's DogStatsD proxy (runtime metrics)",
      'A tracer called "/v0.7/config", which the bridge does not serve (404); the tracer loses Remote Configuration: settings and probes changed from the Datadog UI do not reach it',
      'A tracer sent data to "/telemetry/proxy/api/v2/apmtelemetry", which the bridge accepts and discards: its instrumentation telemetry',
      'A tracer called "/no/such/path", which the bridge does not serve (404); the tracer loses what it sent to an agent path the bridge does not know',
    ]);
    assert.equal(lines[0].path, '/dogstatsd/v2/proxy');
  });

  it('says for every path it does not serve what a tracer loses, and the README table lists every path family', () => {
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('| path | answer | what the tracer loses |'));
    const rows = table.slice(0, table.indexOf('\n\n'));
    for (const p of OTHER_PATHS) {
      if (p.status >= 400) assert.ok(p.loses, p.prefix);
      assert.ok(rows.includes('`' + p.prefix.replace(/\/$/, '')), `README lists ${p.prefix}`);
    }
  });
});
