/**
 * One OTLP/gRPC Export call on @grpc/grpc-js and the classification of its outcome (OTLP spec
 * "Failures", as the Collector's otlpexporter reads it): OK = success (a partial success is
 * logged, never retried); CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE and
 * DATA_LOSS = retryable; RESOURCE_EXHAUSTED = retryable only when the server attached a
 * RetryInfo; every other code = permanent. A RetryInfo delay is the least wait before the retry.
 * Payloads are the bytes our own encoder wrote: the client serializes nothing.
 */
import * as os from 'node:os';
import type { RetryConfig } from '../../src/exporterhelper/config';
import type { ExportRequest } from '../../src/exporterhelper/request';
import type { ExportResult } from '../../src/exporterhelper/result';
import { exportMethod, grpc } from '../../src/net/grpc';
import { readTlsFile } from '../../src/net/tls';
import { decodePartialSuccess } from '../../src/otlp/encode';
import { decodeRpcStatus } from '../../src/otlp/rpc-status';
import { dialTarget, type Config } from './config';

const RETRYABLE = new Set([
  grpc.status.CANCELLED,
  grpc.status.DEADLINE_EXCEEDED,
  grpc.status.ABORTED,
  grpc.status.OUT_OF_RANGE,
  grpc.status.UNAVAILABLE,
  grpc.status.DATA_LOSS,
]);

const USER_AGENT = `dd-otel-bridge (${os.platform()}/${os.arch()})`;
const METHODS = { traces: exportMethod('traces'), logs: exportMethod('logs') };

export class GrpcTransport {
  private readonly client: grpc.Client;
  private readonly metadata: grpc.Metadata;

  /** Reads the TLS files now, so a missing file fails at start rather than at first send. */
  constructor(
    private readonly cfg: Config,
    retry?: RetryConfig,
  ) {
    const { target, https } = dialTarget(cfg.endpoint)!;
    this.client = new grpc.Client(target, credentials(cfg, https), channelOptions(cfg, retry));
    this.metadata = new grpc.Metadata({ waitForReady: cfg.wait_for_ready });
    for (const [k, v] of Object.entries(cfg.headers)) this.metadata.set(k, v);
  }

  send(req: ExportRequest): Promise<ExportResult> {
    return new Promise((resolve) => {
      const m = METHODS[req.signal];
      this.client.makeUnaryRequest(
        m.path,
        m.requestSerialize,
        m.responseDeserialize,
        req.body,
        this.metadata.clone(),
        { deadline: Date.now() + this.cfg.timeout },
        (err, res) => resolve(err ? classifyError(err) : classifyResponse(req, res ?? Buffer.alloc(0))),
      );
    });
  }

  close(): void {
    this.client.close();
  }
}

function credentials(cfg: Config, https: boolean): grpc.ChannelCredentials {
  const tls = cfg.tls;
  // As configtls: `insecure` without a CA means plain text, unless the endpoint says https.
  if (tls.insecure && !tls.ca_file && !https) return grpc.credentials.createInsecure();
  return grpc.credentials.createSsl(readTlsFile('ca_file', tls.ca_file) ?? null, readTlsFile('key_file', tls.key_file) ?? null, readTlsFile('cert_file', tls.cert_file) ?? null, {
    rejectUnauthorized: !tls.insecure_skip_verify,
    // Node verifies the name itself when this is absent; with skip_verify nothing is checked.
    ...(tls.insecure_skip_verify ? { checkServerIdentity: () => undefined } : {}),
  });
}

function channelOptions(cfg: Config, retry: RetryConfig | undefined): grpc.ChannelOptions {
  const opts: grpc.ChannelOptions = {
    'grpc.primary_user_agent': USER_AGENT,
    'grpc.default_compression_algorithm': cfg.compression === 'gzip' ? grpc.compressionAlgorithms.gzip : grpc.compressionAlgorithms.identity,
    'grpc.service_config': JSON.stringify({ loadBalancingConfig: [{ [cfg.balancer_name]: {} }] }),
  };
  // After an outage the channel reconnects on its own schedule (grpc's default grows to 120 s);
  // keep it no slower than the exporter's own retries, so the first retry after recovery succeeds.
  if (retry?.enabled) {
    opts['grpc.initial_reconnect_backoff_ms'] = retry.initial_interval;
    opts['grpc.max_reconnect_backoff_ms'] = retry.max_interval;
  }
  if (cfg.authority) opts['grpc.default_authority'] = cfg.authority;
  if (cfg.tls.server_name_override) opts['grpc.ssl_target_name_override'] = cfg.tls.server_name_override;
  if (cfg.keepalive) {
    opts['grpc.keepalive_time_ms'] = cfg.keepalive.time;
    opts['grpc.keepalive_timeout_ms'] = cfg.keepalive.timeout;
    opts['grpc.keepalive_permit_without_calls'] = cfg.keepalive.permit_without_stream ? 1 : 0;
  }
  return opts;
}

function classifyResponse(req: ExportRequest, body: Buffer): ExportResult {
  try {
    const partial = decodePartialSuccess(req.signal, 'proto', body);
    return partial ? { kind: 'ok', partial } : { kind: 'ok' };
  } catch (err) {
    // Accepted but unreadable: re-sending could duplicate, so this is not retried.
    return { kind: 'permanent', message: `cannot parse the Export response: ${(err as Error).message}` };
  }
}

/** A failed call → retryable (with the server's RetryInfo delay, if any) or permanent. */
export function classifyError(err: grpc.ServiceError): ExportResult {
  const code = err.code;
  const message = `gRPC ${grpc.status[code] ?? code}: ${err.details || 'no message'}`;
  const retryDelayMs = retryDelayOf(err.metadata);
  const retryable = RETRYABLE.has(code) || (code === grpc.status.RESOURCE_EXHAUSTED && retryDelayMs !== undefined);
  if (!retryable) return { kind: 'permanent', message };
  return retryDelayMs ? { kind: 'retryable', message, throttleMs: retryDelayMs } : { kind: 'retryable', message };
}

/** RetryInfo.retry_delay from `grpc-status-details-bin`; undefined when absent or unreadable. */
function retryDelayOf(md: grpc.Metadata | undefined): number | undefined {
  const raw = md?.get('grpc-status-details-bin')[0];
  if (!Buffer.isBuffer(raw)) return undefined;
  try {
    return decodeRpcStatus(raw).retryDelayMs;
  } catch {
    return undefined;
  }
}
