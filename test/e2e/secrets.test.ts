/**
 * Secret hygiene through the real CLI: an exporter URL with a password, header values and a TLS
 * key path must appear nowhere the bridge writes (logs at debug level through several retries and
 * the final drop, error answers to senders, /metrics, validate), while the URL itself is still
 * shown with its password masked.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli, startCollector, writeConfig, type RunningCollector } from '../helpers/collector';

const PASSWORD = 'PASSWORD123';
const HEADER = 'HEADERSECRET456';
const API_KEY = 'APIKEY789';
const KEY_PATH_PART = 'KEYPATHSECRET';
const SECRETS = [PASSWORD, HEADER, API_KEY];

/** Port 9 (discard) is closed on loopback: every send fails and is retried. */
const DEAD = `http://user:${PASSWORD}@127.0.0.1:9`;

const CONFIG = `
receivers:
  datadog:
    endpoint: 127.0.0.1:0
  datadog/direct:
    endpoint: 127.0.0.1:0
exporters:
  otlp_http:
    endpoint: ${DEAD}
    headers:
      authorization: Bearer ${HEADER}
    retry_on_failure: { initial_interval: 20ms, max_interval: 40ms, max_elapsed_time: 300ms, randomization_factor: 0 }
  otlp_http/direct:
    endpoint: ${DEAD}
    headers:
      x-api-key: ${API_KEY}
    retry_on_failure: { enabled: false }
    sending_queue: { enabled: false }
service:
  telemetry:
    logs: { level: debug }
    metrics: { address: "127.0.0.1:0" }
  pipelines:
    traces:
      receivers: [datadog]
      exporters: [otlp_http]
    traces/direct:
      receivers: [datadog/direct]
      exporters: [otlp_http/direct]
`;

const TRACE = JSON.stringify([[{ trace_id: 1, span_id: 2, parent_id: 0, name: 'op', resource: 'GET /', service: 'svc', start: 1700000000000000000, duration: 1000 }]]);

function sendTrace(address: string): Promise<Response> {
  return fetch(`http://${address}/v0.4/traces`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: TRACE });
}

function assertNoSecret(where: string, text: string, secrets = SECRETS): void {
  for (const s of secrets) assert.ok(!text.includes(s), `${where} shows "${s}":\n${text}`);
}

describe('secrets never appear in what the bridge writes (real CLI)', function () {
  this.timeout(30000);
  let c: RunningCollector | undefined;
  afterEach(async () => {
    await c?.stop();
    c = undefined;
  });

  it('a URL password and header values stay hidden through debug retries, the drop, an error answer and /metrics', async () => {
    c = await startCollector(CONFIG);
    // The queue is in memory: the sender waits for the delivery and gets its failure, masked.
    const queued = await sendTrace(c.address('datadog'));
    const queuedAnswer = await queued.text();
    assert.equal(queued.status, 503, queuedAnswer);
    assert.match(queuedAnswer, /no more retries left: failed to send to http:\/\/user:\[REDACTED\]@127\.0\.0\.1:9\/v1\/traces/);
    assertNoSecret('the answer to the queued sender', queuedAnswer);
    await c.waitForLog((l) => l.msg === 'Export failed; will retry');
    await c.waitForLog((l) => /no more retries left/.test(l.msg));

    // With the queue off, the exporter's failure goes back to the sender as the answer's text.
    const direct = await sendTrace(c.address('datadog/direct'));
    const answer = await direct.text();
    assert.equal(direct.status, 503, answer);
    assert.match(answer, /failed to send to http:\/\/user:\[REDACTED\]@127\.0\.0\.1:9\/v1\/traces/);
    assertNoSecret('the answer to the sender', answer);

    const metrics = await (await fetch(c.metricsUrl)).text();
    assert.match(metrics, /otelcol_exporter_send_failed_spans_total\{exporter="otlp_http",permanent="false"\} 1/);
    assertNoSecret('/metrics', metrics);

    assert.equal(await c.stop(), 0);
    const retries = c.logs.filter((l) => l.msg === 'Export failed; will retry');
    assert.ok(retries.length >= 2, `retried ${retries.length} times`);
    // The URL is in the logs, masked: the check above is not vacuous.
    assert.match(String(retries[0].err), /failed to send to http:\/\/user:\[REDACTED\]@127\.0\.0\.1:9\/v1\/traces/);
    assertNoSecret('stderr', c.stderr());
    assertNoSecret('stdout', c.stdout());
  });

  it('validate masks a bad URL password and never quotes a bad header value', async () => {
    const file = writeConfig(
      CONFIG.replace(`endpoint: ${DEAD}\n    headers:\n      authorization`, `endpoint: ftp://user:${PASSWORD}@127.0.0.1:9\n    headers:\n      authorization`).replace(
        `x-api-key: ${API_KEY}`,
        `x-api-key: [${API_KEY}]`,
      ),
    );
    const r = await runCli(['validate', '--config', file]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /exporters::otlp_http::endpoint: must be an http\(s\) URL, got "ftp:\/\/user:\[REDACTED\]@127\.0\.0\.1:9"/);
    assert.match(r.stderr, /exporters::otlp_http\/direct::headers::x-api-key: must be a string \(the value is not shown: it is a secret\)/);
    assertNoSecret('validate stderr', r.stderr + r.stdout);
  });

  it('a TLS key path that cannot be read is named by its key, not by its path', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ddob-secrets-'));
    const cert = path.join(dir, 'cert.pem');
    writeFileSync(cert, 'not checked before the first connection');
    const file = writeConfig(
      CONFIG.replace('    retry_on_failure: { enabled: false }', `    retry_on_failure: { enabled: false }\n    tls: { cert_file: ${JSON.stringify(cert)}, key_file: ${JSON.stringify(path.join(dir, KEY_PATH_PART, 'key.pem'))} }`),
    );
    const r = await runCli(['--config', file]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /exporter \\?"otlp_http\/direct\\?" failed to start: tls::key_file: cannot read the file: ENOENT/);
    assertNoSecret('stderr', r.stderr + r.stdout, [...SECRETS, KEY_PATH_PART]);
  });
});
