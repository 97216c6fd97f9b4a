import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli, startCollector, writeConfig } from '../helpers/collector';

const tmp = mkdtempSync(path.join(tmpdir(), 'ddob-cli-'));

const runningConfig = (out: string) => `
receivers:
  datadog:
    endpoint: 127.0.0.1:0
processors:
  batch:
    timeout: 20ms
exporters:
  file:
    path: ${JSON.stringify(out)}
extensions:
  health_check:
    endpoint: 127.0.0.1:0
    path: /health
service:
  extensions: [health_check]
  telemetry:
    metrics: { address: "127.0.0.1:0" }
  pipelines:
    traces:
      receivers: [datadog]
      processors: [batch]
      exporters: [file]
`;

describe('CLI (the real binary)', function () {
  this.timeout(30000);

  it('runs a config: /health is 200, /metrics counts what passed, SIGTERM exits 0 after flushing', async () => {
    const out = path.join(tmp, 'traces.jsonl');
    const c = await startCollector(runningConfig(out));
    try {
      const health = await fetch(`http://${c.address('health_check')}/health`);
      assert.equal(health.status, 200);
      assert.equal(((await health.json()) as { status: string }).status, 'Server available');

      const trace = [[{ trace_id: 1, span_id: 2, parent_id: 0, name: 'op', resource: 'GET /', service: 'svc', start: 1700000000000000000, duration: 1000, error: 0, meta: {}, metrics: {} }]];
      const res = await fetch(`http://${c.address('datadog')}/v0.4/traces`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(trace) });
      assert.equal(res.status, 200);

      const metrics = await (await fetch(c.metricsUrl)).text();
      assert.match(metrics, /otelcol_receiver_accepted_spans_total\{[^}]*receiver="datadog"[^}]*\} 1/);
      assert.match(metrics, /otelcol_exporter_sent_spans_total\{exporter="file"\} 1/);
      assert.match(metrics, /otelcol_processor_incoming_items_total\{processor="batch",pipeline="traces",otel_signal="traces"\} 1/);
      assert.match(metrics, /otelcol_process_uptime /);
    } finally {
      assert.equal(await c.stop('SIGTERM'), 0, c.stderr());
    }
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const span = JSON.parse(lines[0]).resourceSpans[0].scopeSpans[0].spans[0];
    assert.equal(span.spanId, '0000000000000002');
    assert.ok(c.logs.some((l) => l.msg === 'Shutdown complete'));
  });

  it('counts connections the kernel refused on a full listen backlog in otelcol_process_listen_overflows', async function () {
    if (!existsSync('/proc/net/netstat')) this.skip(); // only Linux exposes the count
    const c = await startCollector(runningConfig(path.join(tmp, 'overflow.jsonl')).replace('endpoint: 127.0.0.1:0\nprocessors', 'endpoint: 127.0.0.1:0\n    backlog: 1\nprocessors'));
    const sockets: Socket[] = [];
    try {
      const [host, port] = c.address('datadog').split(':');
      // Stopped, the bridge accepts nothing: past the backlog the kernel refuses the handshakes itself.
      process.kill(c.pid, 'SIGSTOP');
      for (let i = 0; i < 16; i++) sockets.push(connect({ host, port: Number(port) }).on('error', () => {}));
      await new Promise((r) => setTimeout(r, 500));
      process.kill(c.pid, 'SIGCONT');
      for (const s of sockets) s.destroy();
      const metrics = await (await fetch(c.metricsUrl)).text();
      const m = /^otelcol_process_listen_overflows (\d+)$/m.exec(metrics);
      assert.ok(m, 'the gauge is exported');
      assert.ok(Number(m[1]) > 0, `overflows counted: ${m[1]}`);
    } finally {
      process.kill(c.pid, 'SIGCONT');
      assert.equal(await c.stop('SIGTERM'), 0, c.stderr());
    }
  });

  it('exits 1 with a clear message when a port is already taken', async () => {
    const first = await startCollector(runningConfig(path.join(tmp, 'a.jsonl')));
    try {
      const taken = first.address('datadog');
      const file = writeConfig(runningConfig(path.join(tmp, 'b.jsonl')).replace('endpoint: 127.0.0.1:0\nprocessors', `endpoint: ${taken}\nprocessors`));
      const r = await runCli(['--config', file]);
      assert.equal(r.code, 1);
      const failure = r.stderr.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((l) => l.msg === 'Startup failed');
      assert.match(failure.err, /receiver "datadog" failed to start: .*cannot listen on 127\.0\.0\.1:\d+/);
    } finally {
      await first.stop();
    }
  });

  it('validate: exit 0 on a good file, 1 with every problem on stderr for a bad one, binding nothing', async () => {
    const good = writeConfig(runningConfig(path.join(tmp, 'v.jsonl')).replace(/127\.0\.0\.1:0/g, '127.0.0.1:1'));
    const ok = await runCli(['validate', '--config', good]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /configuration is valid/);

    const bad = writeConfig(`
receivers:
  datadog:
    endpoint: "8126"
exporters:
  otlphttp:
    endpoint: http://127.0.0.1:4318
service:
  pipelines:
    traces:
      receivers: [datadog]
      processors: [batch]
      exporters: [otlphttp]
`);
    const r = await runCli(['validate', '--config', bad]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /receivers::datadog::endpoint: must be host:port, got "8126" \(for example "127\.0\.0\.1:8126"\)/);
    assert.match(r.stderr, /service::pipelines::traces: references processor "batch" which is not configured/);
  });

  it('components lists every kind with its types', async () => {
    const r = await runCli(['components']);
    assert.equal(r.code, 0);
    for (const t of ['datadog', 'otlp', 'batch', 'memory_limiter', 'otlp_http', 'file', 'debug', 'health_check']) {
      assert.match(r.stdout, new RegExp(`^  ${t} `, 'm'));
    }
  });

  it('prints help and rejects unknown commands with usage', async () => {
    const h = await runCli(['--help']);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /Usage: dd-otel-bridge/);
    const v = await runCli(['validate', '--help']);
    assert.match(v.stdout, /without binding any port/);
    const u = await runCli(['frobnicate']);
    assert.equal(u.code, 2);
    assert.match(u.stderr, /unknown command "frobnicate"/);
  });
});
