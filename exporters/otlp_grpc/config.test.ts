import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ConfigIssue } from '../../src/config/issue';
import { redact } from '../../src/util/redact';
import { decodeValid } from '../../test/helpers/exporters';
import { dialTarget, type Config } from './config';
import { factory } from './factory';

const decode = (raw: unknown): Config => decodeValid(factory, raw);

function problems(raw: unknown): string[] {
  const issues: ConfigIssue[] = [];
  const cfg = factory.config.decode(raw, 'exporters::otlp', issues);
  if (cfg) issues.push(...factory.validate!(cfg));
  return issues.map((i) => `${i.path}: ${i.message}`);
}

describe('otlp_grpc exporter config', () => {
  it('has the Collector defaults and needs an endpoint', () => {
    const d = decode({ endpoint: 'otelcol:4317' });
    assert.equal(d.compression, 'gzip');
    assert.equal(d.timeout, 5000);
    assert.equal(d.balancer_name, 'round_robin');
    assert.deepEqual(d.tls, { insecure: false, insecure_skip_verify: false });
    assert.equal(d.keepalive, undefined);
    assert.deepEqual(d.sending_queue, { enabled: true, num_consumers: 10, queue_size: 1000, sizer: 'requests', block_on_overflow: false });
    assert.equal(d.retry_on_failure.initial_interval, 5000);
    assert.deepEqual(problems({}), ['exporters::otlp::endpoint: is required (host:port)']);
  });

  it('takes host:port, http(s):// and gRPC targets, and tells a URL path or a missing port apart', () => {
    assert.deepEqual(dialTarget('otelcol:4317'), { target: 'otelcol:4317', https: false });
    assert.deepEqual(dialTarget('[::1]:4317'), { target: '[::1]:4317', https: false });
    assert.deepEqual(dialTarget('https://ingest.example.com:443'), { target: 'ingest.example.com:443', https: true });
    assert.deepEqual(dialTarget('http://otelcol:4317/'), { target: 'otelcol:4317', https: false });
    assert.deepEqual(dialTarget('dns:///otelcol:4317'), { target: 'dns:///otelcol:4317', https: false });
    assert.deepEqual(dialTarget('unix:///run/otel.sock'), { target: 'unix:///run/otel.sock', https: false });
    for (const bad of ['otelcol', 'http://otelcol:4317/v1/traces', 'otelcol:99999', 'ftp://h:1']) assert.equal(dialTarget(bad), undefined, bad);
    assert.deepEqual(problems({ endpoint: 'http://otelcol:4318/v1/traces' }), ['exporters::otlp::endpoint: must be host:port, got "http://otelcol:4318/v1/traces" (for example "otelcol:4317")']);
  });

  it('reports bad values with their path, and header names gRPC cannot carry', () => {
    assert.deepEqual(problems({ endpoint: 'h:1', compression: 'zstd', balancer_name: 'random' }), [
      'exporters::otlp::compression: must be one of "gzip", "none", got "zstd"',
      'exporters::otlp::balancer_name: must be one of "round_robin", "pick_first", got "random"',
    ]);
    assert.deepEqual(problems({ endpoint: 'h:1', headers: { 'X-Tenant': 'a', 'bad name': 'b', 'trace-bin': 'c', 'grpc-timeout': '1S', te: 'x', 'x-key': 'line\nbreak' }, tls: { cert_file: 'c.pem' } }), [
      'headers::bad name: is not a valid gRPC metadata name (letters, digits, "-", "_" and "." only)',
      'headers::trace-bin: names binary metadata ("-bin"), which a text value cannot fill',
      'headers::grpc-timeout: is set by the gRPC protocol itself and cannot be sent as metadata',
      'headers::te: is set by the gRPC protocol itself and cannot be sent as metadata',
      'headers::x-key: has a value with a line break or NUL, which no header can carry',
      'tls: cert_file and key_file must be set together',
    ]);
  });

  it('accepts a stock Collector otlp exporter block unchanged, and keeps header values secret', () => {
    const file = readFileSync(path.join(__dirname, '../../test/fixtures/collector/stock-otlp.yaml'), 'utf8');
    const stock = parseYaml(file).exporters.otlp;
    const d = decode(stock);
    assert.equal(d.timeout, 10000);
    assert.deepEqual(d.keepalive, { time: 30000, timeout: 10000, permit_without_stream: true });
    assert.equal(d.tls.ca_file, '/etc/otel/certs/ca.crt');
    // The file's `${env:…}` is expanded by the config loader, not here: the raw text is the value.
    assert.equal(redact(`sent ${d.headers.authorization}`), 'sent [REDACTED]');
  });
});
