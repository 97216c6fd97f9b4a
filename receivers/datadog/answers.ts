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
 * Paths `/info` lists besides the trace endpoints: accepted and discarded (see OTHER_PATHS), and
 * listed because a tracer that does not find them complains or turns a feature off. dd-trace-go
 * v2 and the Java agent send telemetry only to an agent listing `/telemetry/proxy/` (without it
 * Go v2 disables telemetry); ddtrace-py 4.x warns at start when the debugger paths are missing
 * (Code Origin for Spans is on by default), and dd-trace-js and the Java agent pick their
 * debugger intake from this list.
 */
export const DISCARDED_ENDPOINTS = ['/telemetry/proxy/', '/debugger/v1/input', '/debugger/v1/diagnostics', '/debugger/v2/input'] as const;

/**
 * `/info` advertises exactly what is answered: the four trace endpoints and the paths accepted
 * and discarded above (never `/v1.0/traces`, which would switch dd-trace-go and libdatadog to a
 * format we do not read, nor `/v0.6/stats`, which with `client_drop_p0s` would make libdatadog
 * drop P0 traces client-side), and `span_events` because native span events are decoded.
 */
export function infoBody(s: InfoSettings): string {
  return JSON.stringify(
    {
      version: AGENT_VERSION,
      git_commit: '',
      endpoints: [...TRACE_ENDPOINTS, ...DISCARDED_ENDPOINTS],
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
  contentType?: string;
  /**
   * What a tracer calling this path loses with the bridge as its agent (for an accepted path:
   * what is discarded), logged once at info. Absent where nothing is lost (legacy services).
   */
  loses?: string;
}

const NOT_FOUND = { status: 404, body: '404 page not found\n' };
/** The agent proxies these to Datadog's intake, which answers 202 with an empty JSON object. */
const INTAKE_ACCEPTED = { status: 202, body: '{}', contentType: 'application/json' };

/**
 * Agent paths tracers call besides traces. 404 tells a tracer the feature is off (Remote
 * Config, profiling, DSM, EVP, DogStatsD-over-HTTP). Some are accepted and discarded because a
 * 404 does harm: stats (a tracer computing them logs an error per flush), telemetry (dd-trace-js
 * with an API key reacts to a failure by sending telemetry straight to Datadog), the debugger
 * intakes (ddtrace-py warns at start and logs an error per failed upload), and the legacy
 * services endpoints the agent itself answers with OK. Every request is counted per family.
 */
export const OTHER_PATHS: OtherPath[] = [
  { prefix: '/v0.6/stats', label: '/v0.6/stats', status: 200, body: '', loses: 'the trace statistics it computed' },
  { prefix: '/telemetry/proxy/', label: '/telemetry/proxy', status: 202, body: '', loses: 'its instrumentation telemetry' },
  { prefix: '/v0.3/services', label: '/v0.3/services', status: 200, body: 'OK\n' },
  { prefix: '/v0.4/services', label: '/v0.4/services', status: 200, body: 'OK\n' },
  { prefix: '/debugger/v1/input', label: '/debugger/v1/input', ...INTAKE_ACCEPTED, loses: 'Dynamic Instrumentation snapshots and Exception Replay data' },
  { prefix: '/debugger/v2/input', label: '/debugger/v2/input', ...INTAKE_ACCEPTED, loses: 'Dynamic Instrumentation snapshots and Exception Replay data' },
  { prefix: '/debugger/v1/diagnostics', label: '/debugger/v1/diagnostics', ...INTAKE_ACCEPTED, loses: 'the status of its Dynamic Instrumentation probes' },
  { prefix: '/v0.7/config', label: '/v0.7/config', ...NOT_FOUND, loses: 'Remote Configuration: settings and probes changed from the Datadog UI do not reach it' },
  { prefix: '/profiling/', label: '/profiling', ...NOT_FOUND, loses: 'its profiles (Continuous Profiler)' },
  { prefix: '/v0.1/pipeline_stats', label: '/v0.1/pipeline_stats', ...NOT_FOUND, loses: 'Data Streams Monitoring' },
  { prefix: '/dogstatsd/', label: '/dogstatsd', ...NOT_FOUND, loses: 'the metrics it sends through the agent\'s DogStatsD proxy (runtime metrics)' },
  { prefix: '/evp_proxy/', label: '/evp_proxy', ...NOT_FOUND, loses: 'Event Platform data sent through the agent (CI Visibility, LLM Observability, AppSec events)' },
  { prefix: '/debugger/', label: '/debugger', ...NOT_FOUND, loses: 'this Dynamic Instrumentation upload' },
  { prefix: '/symdb/', label: '/symdb', ...NOT_FOUND, loses: 'symbol uploads for Dynamic Instrumentation' },
  { prefix: '/tracer_flare/', label: '/tracer_flare', ...NOT_FOUND, loses: 'tracer flares (support bundles)' },
  { prefix: '/openlineage/', label: '/openlineage', ...NOT_FOUND, loses: 'OpenLineage events (Data Jobs Monitoring)' },
  { prefix: '/v1.0/traces', label: '/v1.0/traces', ...NOT_FOUND, loses: 'traces sent in the v1.0 format, which /info does not list (the v0.4 and v0.5 formats are served)' },
];

export const UNKNOWN_PATH: OtherPath = { prefix: '', label: 'other', ...NOT_FOUND, loses: 'what it sent to an agent path the bridge does not know' };

export function otherPath(path: string): OtherPath {
  for (const p of OTHER_PATHS) if (path === p.prefix || path.startsWith(p.prefix)) return p;
  return UNKNOWN_PATH;
}

/** The one info line for a path family, the first time a tracer calls it (`path` is that first call's). */
export function otherPathNotice(p: OtherPath, path: string): { fields: { path: string; status: number; loses: string }; msg: string } | undefined {
  if (!p.loses) return undefined;
  const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  const msg =
    p.status >= 400
      ? `A tracer called "${shown}", which the bridge does not serve (404); the tracer loses ${p.loses}`
      : `A tracer sent data to "${shown}", which the bridge accepts and discards: ${p.loses}`;
  return { fields: { path: shown, status: p.status, loses: p.loses }, msg };
}
