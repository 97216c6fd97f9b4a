/**
 * `otlp_grpc` exporter config (alias `otlp`), with the Collector's keys and defaults
 * (otlpexporter, configgrpc, configtls, exporterhelper).
 */
import type { ConfigIssue } from '../../src/config/issue';
import { bool, custom, describe, duration, map, object, oneOf, optional, string, type Infer } from '../../src/config/schema';
import { tlsClientFields, validateCertPair } from '../../src/config/tls';
import { queueConfig, retryConfig, validateQueue } from '../../src/exporterhelper/config';

const EXAMPLE = 'otelcol:4317';
const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^:/\s]+):(\d{1,5})$/;

/**
 * Where to send: `host:port`; `http://host:port` and `https://host:port` (https turns TLS on even
 * with `tls::insecure`); or a gRPC target `dns:///host:port`, `unix:///path`.
 */
export const endpoint = custom<string>('host:port', (raw, path, issues) => {
  if (typeof raw === 'string' && dialTarget(raw)) return raw;
  issues.push({ path, message: `must be host:port, got ${describe(raw)} (for example "${EXAMPLE}")` });
  return undefined;
});

/** The grpc-js target of an endpoint, and whether its scheme asks for TLS; undefined if malformed. */
export function dialTarget(endpoint: string): { target: string; https: boolean } | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(endpoint)?.[1]?.toLowerCase();
  const rest = scheme ? endpoint.slice(scheme.length + 3) : endpoint;
  const isHostPort = (hp: string) => {
    const m = HOST_PORT.exec(hp);
    return !!m && Number(m[2]) <= 65535;
  };
  switch (scheme) {
    case undefined:
      return isHostPort(endpoint) ? { target: endpoint, https: false } : undefined;
    case 'http':
    case 'https': {
      const hp = rest.replace(/\/$/, '');
      return isHostPort(hp) ? { target: hp, https: scheme === 'https' } : undefined;
    }
    case 'dns': {
      // dns:///host:port, or dns://resolver/host:port
      return isHostPort(rest.slice(rest.indexOf('/') + 1)) ? { target: endpoint, https: false } : undefined;
    }
    case 'unix':
      return rest.length > 1 ? { target: endpoint, https: false } : undefined;
    default:
      return undefined;
  }
}

/** Headers the gRPC protocol or HTTP/2 sets itself; metadata may not replace them. */
const RESERVED = new Set(['content-type', 'te', 'host', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

/** gRPC metadata names: lowercase letters, digits, `-_.`; `-bin` names carry bytes, not text. */
function headerProblem(name: string, value: string): string | undefined {
  const n = name.toLowerCase();
  if (!/^[0-9a-z_.-]+$/.test(n)) return 'is not a valid gRPC metadata name (letters, digits, "-", "_" and "." only)';
  if (n.endsWith('-bin')) return 'names binary metadata ("-bin"), which a text value cannot fill';
  if (RESERVED.has(n) || n.startsWith('grpc-')) return 'is set by the gRPC protocol itself and cannot be sent as metadata';
  // The value is a secret: say what is wrong without quoting it.
  if (/[\r\n\0]/.test(value)) return 'has a value with a line break or NUL, which no header can carry';
  return undefined;
}

export const config = object({
  /** `endpoint` (required). */
  endpoint: endpoint.required(),
  tls: object({
    /** `insecure` (false): plain HTTP/2 without TLS; ignored for an `https://` endpoint. */
    insecure: bool().def(false),
    ...tlsClientFields,
    /** `server_name_override`: the name the server's certificate must carry, when not the endpoint's host. */
    server_name_override: string(),
  }),
  /** `headers`: sent as gRPC metadata with every call; the values are credentials, never shown. */
  headers: map(string().secret()).def({}),
  /** `compression` (gzip): `gzip` or `none`. */
  compression: oneOf(['gzip', 'none'] as const).def('gzip'),
  /** `timeout` (5s): deadline of one attempt; also how long shutdown drains and a blocked caller waits. */
  timeout: duration({ min: 1 }).def(5000),
  /** `balancer_name` (round_robin): spread calls over every address the name resolves to, or use the first that works. */
  balancer_name: oneOf(['round_robin', 'pick_first'] as const).def('round_robin'),
  /** `wait_for_ready` (false): a call waits for a connection (up to `timeout`) instead of failing at once. */
  wait_for_ready: bool().def(false),
  /** `authority`: the `:authority` to send instead of the endpoint's host. */
  authority: string(),
  /** `keepalive` (off): ping an idle connection every `time` (10s), drop it after `timeout` (10s) without answer. */
  keepalive: optional(
    object({
      time: duration({ min: 1 }).def(10000),
      timeout: duration({ min: 1 }).def(10000),
      permit_without_stream: bool().def(false),
    }),
  ),
  retry_on_failure: retryConfig,
  sending_queue: queueConfig,
});

export type Config = Infer<typeof config>;

export function validate(c: Config): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [name, value] of Object.entries(c.headers)) {
    const problem = headerProblem(name, value);
    if (problem) issues.push({ path: `headers::${name}`, message: problem });
  }
  return [...issues, ...validateCertPair(c.tls, 'tls'), ...validateQueue(c.sending_queue)];
}
