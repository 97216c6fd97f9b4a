/**
 * `otlp_http` exporter config, with the Collector's keys and defaults
 * (otlphttpexporter, confighttp, configtls, exporterhelper).
 */
import type { ConfigIssue } from '../../src/config/issue';
import { bool, duration, map, object, oneOf, string, url, type Infer } from '../../src/config/schema';
import { queueConfig, retryConfig, validateQueue } from '../../src/exporterhelper/config';

export const tlsConfig = object({
  /** `ca_file`: PEM bundle that signs the server's certificate (default: system roots). */
  ca_file: string(),
  /** `cert_file` / `key_file`: client certificate for mutual TLS; where the private key lives is not shown anywhere. */
  cert_file: string(),
  key_file: string().secret(),
  /** `insecure_skip_verify` (false): accept any server certificate. */
  insecure_skip_verify: bool().def(false),
});

export const config = object({
  /** `endpoint`: base URL; `/v1/traces` and `/v1/logs` are appended. */
  endpoint: url('https://otlp.example.com:4318').def('http://localhost:4318'),
  /** `traces_endpoint` / `logs_endpoint`: full per-signal URLs, used verbatim. */
  traces_endpoint: url('https://otlp.example.com:4318/v1/traces'),
  logs_endpoint: url('https://otlp.example.com:4318/v1/logs'),
  /** `encoding` (proto): `proto` or `json`. */
  encoding: oneOf(['proto', 'json'] as const).def('proto'),
  /** `compression` (gzip): `gzip` or `none`. */
  compression: oneOf(['gzip', 'none'] as const).def('gzip'),
  /** `headers`: added to every request; the values are credentials (API keys, tokens), never shown. */
  headers: map(string().secret()).def({}),
  /** `timeout` (30s): per HTTP request; also how long shutdown drains and a blocked caller waits. */
  timeout: duration({ min: 1 }).def(30000),
  tls: tlsConfig,
  retry_on_failure: retryConfig,
  sending_queue: queueConfig,
});

export type Config = Infer<typeof config>;

export function validate(c: Config): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (!!c.tls.cert_file !== !!c.tls.key_file) {
    issues.push({ path: 'tls', message: 'cert_file and key_file must be set together' });
  }
  return [...issues, ...validateQueue(c.sending_queue)];
}

/** The URL for one signal: the per-signal override verbatim, else base + `/v1/<signal>`. */
export function signalUrl(c: Config, signal: 'traces' | 'logs'): string {
  const override = signal === 'traces' ? c.traces_endpoint : c.logs_endpoint;
  if (override) return override;
  return c.endpoint.replace(/\/+$/, '') + `/v1/${signal}`;
}
