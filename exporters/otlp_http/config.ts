/**
 * `otlp_http` exporter config, with the Collector's keys and defaults
 * (otlphttpexporter, confighttp, configtls, exporterhelper).
 */
import type { ConfigIssue } from '../../src/config/issue';
import { duration, map, object, oneOf, string, url, type Infer } from '../../src/config/schema';
import { tlsClientFields, validateCertPair } from '../../src/config/tls';
import { queueConfig, retryConfig, validateQueue } from '../../src/exporterhelper/config';

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
  tls: object(tlsClientFields),
  retry_on_failure: retryConfig,
  sending_queue: queueConfig,
});

export type Config = Infer<typeof config>;

export function validate(c: Config): ConfigIssue[] {
  return [...validateCertPair(c.tls, 'tls'), ...validateQueue(c.sending_queue)];
}

/** The URL for one signal: the per-signal override verbatim, else base + `/v1/<signal>`. */
export function signalUrl(c: Config, signal: 'traces' | 'logs'): string {
  const override = signal === 'traces' ? c.traces_endpoint : c.logs_endpoint;
  if (override) return override;
  return c.endpoint.replace(/\/+$/, '') + `/v1/${signal}`;
}
