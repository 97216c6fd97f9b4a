import { createHash } from 'node:crypto';

/**
 * What the receiver says back, shaped the way tracers parse it (reference §1.5–1.7).
 */

/**
 * The agent release whose intake API we answer like. Tracers read it from `/info` and the
 * response header; none we know of gates a feature we lack on it.
 */
export const AGENT_VERSION = '7.65.0';

export const TRACE_ENDPOINTS = ['/v0.3/traces', '/v0.4/traces', '/v0.5/traces', '/v0.7/traces'] as const;

/**
 * Our sampling rates never change, so the rates payload has one version. A tracer that
 * echoes it already has the rates and gets `{}`, as the agent answers; tracers that do not send
 * the header (dd-trace-js) always get the full body: `{}` makes dd-trace-js log an error.
 */
export const RATES_VERSION = '1';
export const RATES_BODY = '{"rate_by_service":{"service:,env:":1}}';

export interface InfoSettings {
  /** The TCP port served (0 for a Unix socket), as the agent's `receiver_port`. */
  port: number;
  /** The socket path served ('' over TCP), as the agent's `receiver_socket`. */
  socket: string;
  maxRequestBytes: number;
  readTimeoutMs: number;
}

/**
 * `/info` advertises exactly what is implemented: the four trace endpoints (never
 * `/v1.0/traces`, which would switch dd-trace-go and libdatadog to a format we do not read,
 * nor `/v0.6/stats`, which with `client_drop_p0s` would make libdatadog drop P0 traces
 * client-side), and `span_events` because native span events are decoded.
 */
export function infoBody(s: InfoSettings): string {
  return JSON.stringify(
    {
      version: AGENT_VERSION,
      git_commit: '',
      endpoints: [...TRACE_ENDPOINTS],
      feature_flags: [],
      client_drop_p0s: false,
      span_meta_structs: false,
      long_running_spans: false,
      span_events: true,
      evp_proxy_allowed_headers: [],
      peer_tags: null,
      config: {
        default_env: 'none',
        receiver_port: s.port,
        receiver_socket: s.socket,
        receiver_timeout: Math.ceil(s.readTimeoutMs / 1000),
        max_request_bytes: s.maxRequestBytes,
        analyzed_spans_by_service: {},
      },
    },
    null,
    2,
  );
}

/** `Datadog-Agent-State` changes whenever `/info` does; libdatadog re-reads `/info` on change. */
export function agentState(info: string): string {
  return createHash('sha256').update(info).digest('hex');
}

export interface OtherPath {
  prefix: string;
  /** Metric label: the path family, never the raw path. */
  label: string;
  status: number;
  body: string;
}

/**
 * Agent paths tracers call besides traces. 404 tells a tracer the feature is off (Remote
 * Config, profiling, DSM, debugger, EVP, DogStatsD-over-HTTP). Three are accepted and
 * discarded because a 404 does harm: stats (a tracer computing them logs an error per flush),
 * telemetry (dd-trace-js with an API key reacts to a failure by sending telemetry straight to
 * Datadog), and the legacy services endpoints the agent itself answers with OK.
 * Every request is counted per family.
 */
export const OTHER_PATHS: OtherPath[] = [
  { prefix: '/v0.6/stats', label: '/v0.6/stats', status: 200, body: '' },
  { prefix: '/telemetry/proxy/', label: '/telemetry/proxy', status: 202, body: '' },
  { prefix: '/v0.3/services', label: '/v0.3/services', status: 200, body: 'OK\n' },
  { prefix: '/v0.4/services', label: '/v0.4/services', status: 200, body: 'OK\n' },
  { prefix: '/v0.7/config', label: '/v0.7/config', status: 404, body: '404 page not found\n' },
  { prefix: '/profiling/', label: '/profiling', status: 404, body: '404 page not found\n' },
  { prefix: '/v0.1/pipeline_stats', label: '/v0.1/pipeline_stats', status: 404, body: '404 page not found\n' },
  { prefix: '/dogstatsd/', label: '/dogstatsd', status: 404, body: '404 page not found\n' },
  { prefix: '/evp_proxy/', label: '/evp_proxy', status: 404, body: '404 page not found\n' },
  { prefix: '/debugger/', label: '/debugger', status: 404, body: '404 page not found\n' },
  { prefix: '/symdb/', label: '/symdb', status: 404, body: '404 page not found\n' },
  { prefix: '/tracer_flare/', label: '/tracer_flare', status: 404, body: '404 page not found\n' },
  { prefix: '/openlineage/', label: '/openlineage', status: 404, body: '404 page not found\n' },
  { prefix: '/v1.0/traces', label: '/v1.0/traces', status: 404, body: '404 page not found\n' },
];

export const UNKNOWN_PATH: OtherPath = { prefix: '', label: 'other', status: 404, body: '404 page not found\n' };

export function otherPath(path: string): OtherPath {
  for (const p of OTHER_PATHS) if (path === p.prefix || path.startsWith(p.prefix)) return p;
  return UNKNOWN_PATH;
}
