/**
 * One OTLP/gRPC Export attempt and the classification of its outcome (OTLP spec "Failures", as the
 * Collector's otlpexporter reads it): OK = success (a partial success is logged, never retried);
 * CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE and DATA_LOSS = retryable;
 * RESOURCE_EXHAUSTED = retryable only when the server attached a RetryInfo; every other code =
 * permanent. A RetryInfo delay is the least wait before the next try.
 *
 * The call goes over node:http2 (call.ts, connection.ts) rather than @grpc/grpc-js, whose client
 * compresses every message itself, at zlib's default level, and cannot send bytes that are already
 * compressed: the queued request (our own protobuf, gzipped at level 1 as otlp_http's) goes out
 * as it is. Measured with bench/otlp-grpc.ts: through grpc-js the exporter did 0.68× otlp_http's
 * spans per CPU-second (now 0.9–0.94×), and its queue held uncompressed messages (~15× the bytes).
 */
import * as os from 'node:os';
import type { ExportRequest } from '../../src/exporterhelper/request';
import type { ExportResult } from '../../src/exporterhelper/result';
import { readTlsFile } from '../../src/net/tls';
import { decodePartialSuccess } from '../../src/otlp/encode';
import { decodeRpcStatus } from '../../src/otlp/rpc-status';
import { Code, CODE_NAMES, unaryCall, type CallOutcome } from './call';
import { dialTarget, type Config } from './config';
import { ConnectionPool, type PoolOptions, type Target } from './connection';

const PATHS = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
};

const RETRYABLE = new Set([Code.CANCELLED, Code.DEADLINE_EXCEEDED, Code.ABORTED, Code.OUT_OF_RANGE, Code.UNAVAILABLE, Code.DATA_LOSS]);

const USER_AGENT = `dd-otel-bridge (${os.platform()}/${os.arch()})`;

/** How often `wait_for_ready` tries to connect again while its deadline allows. */
const READY_POLL_MS = 200;

export class GrpcTransport {
  private readonly pool: ConnectionPool;
  private readonly headers: Record<string, string>;

  /** Reads the TLS files now, so a missing file fails at start rather than at first send. */
  constructor(private readonly cfg: Config) {
    const { target, https } = dialTarget(cfg.endpoint)!;
    this.pool = new ConnectionPool(poolOptions(cfg, target, https));
    this.headers = { 'user-agent': USER_AGENT };
    for (const [k, v] of Object.entries(cfg.headers)) this.headers[k.toLowerCase()] = v;
    if (cfg.authority) this.headers[':authority'] = cfg.authority;
  }

  async send(req: ExportRequest): Promise<ExportResult> {
    const deadline = Date.now() + this.cfg.timeout;
    for (;;) {
      const left = deadline - Date.now();
      let out: CallOutcome;
      try {
        const conn = await this.pool.acquire();
        out = await unaryCall(conn, { path: PATHS[req.signal], headers: this.headers, body: req.body, compressed: req.gzip, timeoutMs: Math.max(1, left) });
      } catch (err) {
        out = { code: Code.UNAVAILABLE, details: (err as Error).message, unconnected: true };
      }
      if (!(out.unconnected && this.cfg.wait_for_ready && deadline - Date.now() > READY_POLL_MS)) return classify(req, out);
      await new Promise((r) => setTimeout(r, READY_POLL_MS));
    }
  }

  close(): void {
    this.pool.close();
  }
}

function poolOptions(cfg: Config, endpoint: string, https: boolean): PoolOptions {
  const t = cfg.tls;
  // As configtls: `insecure` without a CA means plain text, unless the endpoint says https.
  const plain = t.insecure && !t.ca_file && !https;
  return {
    target: parseTarget(endpoint),
    balancer: cfg.balancer_name,
    keepalive: cfg.keepalive && { time: cfg.keepalive.time, timeout: cfg.keepalive.timeout, permitWithoutStream: cfg.keepalive.permit_without_stream },
    tls: plain
      ? undefined
      : {
          ca: readTlsFile('ca_file', t.ca_file),
          cert: readTlsFile('cert_file', t.cert_file),
          key: readTlsFile('key_file', t.key_file),
          rejectUnauthorized: !t.insecure_skip_verify,
          ...(t.server_name_override ? { servername: t.server_name_override } : {}),
        },
  };
}

/** `host:port`, `[v6]:port`, `dns:///host:port` or `unix:///path` → where to connect. */
function parseTarget(target: string): Target {
  if (target.startsWith('unix:')) return { unixPath: target.replace(/^unix:(\/\/)?/, '') };
  const hp = target.startsWith('dns:') ? target.slice(target.indexOf('/', 6) + 1) : target;
  const i = hp.lastIndexOf(':');
  return { host: hp.slice(0, i).replace(/^\[(.*)\]$/, '$1'), port: Number(hp.slice(i + 1)) };
}

/** A call's outcome → delivered, retryable (with the server's RetryInfo delay, if any) or permanent. */
export function classify(req: ExportRequest, out: CallOutcome): ExportResult {
  if (out.code === Code.OK) {
    try {
      const partial = decodePartialSuccess(req.signal, 'proto', out.message ?? Buffer.alloc(0));
      return partial ? { kind: 'ok', partial } : { kind: 'ok' };
    } catch (err) {
      // Accepted but unreadable: re-sending could duplicate, so this is not retried.
      return { kind: 'permanent', message: `cannot parse the Export response: ${(err as Error).message}` };
    }
  }
  const message = `gRPC ${CODE_NAMES[out.code] ?? out.code}: ${out.details || 'no message'}`;
  const retryDelayMs = retryDelayOf(out.statusDetails);
  const retryable = RETRYABLE.has(out.code) || (out.code === Code.RESOURCE_EXHAUSTED && retryDelayMs !== undefined);
  if (!retryable) return { kind: 'permanent', message };
  return retryDelayMs ? { kind: 'retryable', message, throttleMs: retryDelayMs } : { kind: 'retryable', message };
}

/** RetryInfo.retry_delay from `grpc-status-details-bin`; undefined when absent or unreadable. */
function retryDelayOf(details: Buffer | undefined): number | undefined {
  if (!details) return undefined;
  try {
    return decodeRpcStatus(details).retryDelayMs;
  } catch {
    return undefined;
  }
}
