/**
 * The OTLP/gRPC half of the otlp receiver: the traces and logs Export services on @grpc/grpc-js.
 * Messages arrive as bytes (the gRPC layer has inflated gzip and enforced max_recv_msg_size_mib,
 * answering RESOURCE_EXHAUSTED past it) and go through the decoders OTLP/HTTP uses, so both
 * transports take the same input. The answer comes after the pipeline took the data:
 * - undecodable message → INVALID_ARGUMENT with the reason (never retried);
 * - pipeline refusal (retryable) → UNAVAILABLE with a RetryInfo of the refusal's delay, so
 *   clients back off (the HTTP side's 503 + Retry-After);
 * - permanent pipeline error → INTERNAL, as the Collector's otlpreceiver answers it.
 */
import type { CreateSettings, ReceiverConsumers } from '../../src/component/component';
import type { Consumer, LogRecord, Signal, Span } from '../../src/consumer/consumer';
import { RefusedError } from '../../src/consumer/errors';
import { exportMethod, grpc } from '../../src/net/grpc';
import { readTlsFile } from '../../src/net/tls';
import type { Encoding } from '../../src/otlp/encode';
import { encodeRpcStatus } from '../../src/otlp/rpc-status';
import { ITEM_COST, ItemBudget, defaultMaxItems } from '../../src/receiverhelper/limits';
import { BodyError } from '../../src/receiverhelper/body';
import { ObsReport } from '../../src/receiverhelper/obsreport';
import { admitDecode } from '../../src/receiverhelper/pressure';
import { statusFor, statusForInput } from '../../src/receiverhelper/status';
import { RateLimitedLog } from '../../src/telemetry/logger';
import { withDeadline } from '../../src/util/deadline';
import type { GrpcConfig } from './config';

type Decode<T> = (body: Uint8Array, encoding: Encoding, budget: ItemBudget) => T[];

const EMPTY_RESPONSE = Buffer.alloc(0);

/**
 * How long shutdown waits for calls in flight before cutting them: unlike HTTP there is no read
 * timeout, and a client stalled half-way through a message would otherwise hold shutdown forever.
 */
const SHUTDOWN_GRACE_MS = 10_000;

export class GrpcServer {
  private server?: grpc.Server;
  /** `host:port` actually bound (port 0 in the config picks a free port). */
  address?: string;
  private readonly warn: RateLimitedLog;

  constructor(
    private readonly set: CreateSettings,
    private readonly cfg: GrpcConfig,
    private readonly next: ReceiverConsumers,
    private readonly decode: { traces: Decode<Span>; logs: Decode<LogRecord> },
  ) {
    this.warn = new RateLimitedLog(set.logger);
  }

  async start(): Promise<void> {
    if (this.server) return;
    const credentials = serverCredentials(this.cfg);
    const server = new grpc.Server(serverOptions(this.cfg));
    if (this.next.traces) this.addExport(server, 'traces', this.next.traces, this.decode.traces, this.maxItems(ITEM_COST.otlpTraces));
    if (this.next.logs) this.addExport(server, 'logs', this.next.logs, this.decode.logs, this.maxItems(ITEM_COST.otlpLogs));
    this.server = server;
    const endpoint = this.cfg.endpoint;
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(endpoint, credentials, (err, bound) =>
        err ? reject(new Error(`protocols::grpc::endpoint: cannot listen on ${endpoint}: ${err.message}`)) : resolve(bound),
      ),
    );
    this.address = endpoint.replace(/:\d+$/, `:${port}`);
    this.set.logger.info({ address: this.address }, `OTLP/gRPC receiver listening on ${this.address}`);
  }

  /** Stops accepting calls; calls in flight finish (they wait on the pipeline, which still runs). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const drained = await withDeadline(new Promise<void>((resolve) => server.tryShutdown(() => resolve())), SHUTDOWN_GRACE_MS);
    if (!drained) server.forceShutdown();
  }

  /** The item cap of one message, derived from its byte cap as OTLP/HTTP derives it from its own. */
  private maxItems(cost: (typeof ITEM_COST)[keyof typeof ITEM_COST]): number {
    return defaultMaxItems(this.cfg.max_recv_msg_size_mib * 1024 * 1024, cost);
  }

  private addExport<T>(server: grpc.Server, signal: Signal, next: Consumer<T>, decode: Decode<T>, maxItems: number): void {
    const obs = new ObsReport(this.set.metrics, this.set.id, 'grpc', signal);
    const handler: grpc.handleUnaryCall<Buffer, Buffer> = (call, callback) => {
      let items: T[];
      try {
        admitDecode();
        items = call.request.length === 0 ? [] : decode(call.request, 'proto', new ItemBudget(maxItems));
      } catch (err) {
        // Memory pressure: UNAVAILABLE with RetryInfo, as a refusing pipeline answers.
        if (err instanceof RefusedError) return callback(grpcStatusFor(err));
        const details = statusForInput(err).message;
        // Over the item cap: RESOURCE_EXHAUSTED without RetryInfo, which the OTLP spec says not to retry.
        if (err instanceof BodyError) return callback({ code: grpc.status.RESOURCE_EXHAUSTED, details });
        this.warn.warn(`bad-${signal}`, { code: 'INVALID_ARGUMENT', err: details }, 'Rejected an OTLP request');
        return callback({ code: grpc.status.INVALID_ARGUMENT, details });
      }
      // An empty request is a success that reaches nobody (OTLP spec "Full Success").
      if (items.length === 0) return callback(null, EMPTY_RESPONSE);
      next.consume(items).then(
        () => {
          obs.accept(items.length);
          callback(null, EMPTY_RESPONSE);
        },
        (err: unknown) => {
          obs.refuse(items.length);
          const status = grpcStatusFor(err);
          if (status.code === grpc.status.UNAVAILABLE) this.warn.warn(`refused-${signal}`, { items: items.length, err: status.details }, 'The pipeline refused data; asking the sender to retry');
          callback(status);
        },
      );
    };
    server.addService({ Export: exportMethod(signal) }, { Export: handler });
  }
}

/** The pipeline's verdict as a gRPC status: the HTTP answer's meaning in gRPC's words. */
export function grpcStatusFor(err: unknown): grpc.StatusObject {
  const a = statusFor(err);
  const metadata = new grpc.Metadata();
  if (a.retryAfterSeconds === undefined) return { code: grpc.status.INTERNAL, details: a.message, metadata };
  const code = grpc.status.UNAVAILABLE;
  metadata.set('grpc-status-details-bin', encodeRpcStatus({ code, message: a.message, retryDelayMs: a.retryAfterSeconds * 1000 }));
  return { code, details: a.message, metadata };
}

function serverCredentials(cfg: GrpcConfig): grpc.ServerCredentials {
  const tls = cfg.tls;
  if (!tls) return grpc.ServerCredentials.createInsecure();
  try {
    const ca = readTlsFile('client_ca_file', tls.client_ca_file);
    return grpc.ServerCredentials.createSsl(ca ?? null, [{ cert_chain: readTlsFile('cert_file', tls.cert_file)!, private_key: readTlsFile('key_file', tls.key_file)! }], !!ca);
  } catch (err) {
    // Start errors are relative to the component: say which protocol's tls section.
    throw new Error(`protocols::grpc::${(err as Error).message}`);
  }
}

function serverOptions(cfg: GrpcConfig): grpc.ServerOptions {
  const opts: grpc.ServerOptions = { 'grpc.max_receive_message_length': cfg.max_recv_msg_size_mib * 1024 * 1024 };
  if (cfg.max_concurrent_streams > 0) opts['grpc.max_concurrent_streams'] = cfg.max_concurrent_streams;
  const ka = cfg.keepalive?.server_parameters;
  if (ka) {
    opts['grpc.keepalive_time_ms'] = ka.time;
    opts['grpc.keepalive_timeout_ms'] = ka.timeout;
    if (ka.max_connection_idle > 0) opts['grpc.max_connection_idle_ms'] = ka.max_connection_idle;
    if (ka.max_connection_age > 0) opts['grpc.max_connection_age_ms'] = ka.max_connection_age;
    if (ka.max_connection_age_grace > 0) opts['grpc.max_connection_age_grace_ms'] = ka.max_connection_age_grace;
  }
  return opts;
}
