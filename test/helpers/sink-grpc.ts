/**
 * The test OTLP backend in gRPC mode: a @grpc/grpc-js server whose two Export methods take the
 * raw message bytes and decode them with OtlpSink's independent protobufjs decoder. It answers
 * with scripted gRPC statuses, delays, partial successes, and `google.rpc.RetryInfo` details
 * encoded by protobufjs (never by our own writer), and records everything as OtlpSink does.
 */
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { decodeRequest, encodeExportResponse, RecordingSink, type Signal, type SinkRequest } from './sink';

/** One scripted answer; unscripted calls get OK. */
export interface GrpcStep {
  /** A `grpc.status` code; 0 (OK) by default. */
  code?: number;
  message?: string;
  /** Attach a RetryInfo with this delay to a failure. */
  retryDelayMs?: number;
  delayMs?: number;
  partial?: { rejected: number; message: string };
}

export interface SinkTls {
  cert: Buffer;
  key: Buffer;
  /** Require client certificates signed by this CA. */
  clientCa?: Buffer;
}

const PATHS: Record<Signal, string> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
};

const bytes = (b: Buffer): Buffer => b;

let rpc: protobuf.Root | undefined;
/** protobufjs types of google.rpc.Status and RetryInfo, written out by hand: dd-trace ships no google/rpc protos. */
export function rpcStatusTypes(): { Status: protobuf.Type; RetryInfo: protobuf.Type } {
  rpc ??= protobuf.Root.fromJSON({
    nested: {
      google: {
        nested: {
          protobuf: {
            nested: {
              Any: { fields: { type_url: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
              Duration: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } },
            },
          },
          rpc: {
            nested: {
              Status: { fields: { code: { type: 'int32', id: 1 }, message: { type: 'string', id: 2 }, details: { rule: 'repeated', type: 'google.protobuf.Any', id: 3 } } },
              RetryInfo: { fields: { retry_delay: { type: 'google.protobuf.Duration', id: 1 } } },
            },
          },
        },
      },
    },
  });
  return { Status: rpc.lookupType('google.rpc.Status'), RetryInfo: rpc.lookupType('google.rpc.RetryInfo') };
}

function retryStatus(code: number, message: string, delayMs: number): Buffer {
  const { Status, RetryInfo } = rpcStatusTypes();
  const info = RetryInfo.encode(RetryInfo.create({ retry_delay: { seconds: Math.floor(delayMs / 1000), nanos: (delayMs % 1000) * 1e6 } })).finish();
  const status = Status.create({ code, message, details: [{ type_url: 'type.googleapis.com/google.rpc.RetryInfo', value: info }] });
  return Buffer.from(Status.encode(status).finish());
}

export class GrpcSink extends RecordingSink<GrpcStep> {
  private server = new grpc.Server();
  port = 0;

  constructor() {
    super({});
  }

  /** On 127.0.0.1 (port 0: any free port), or on `bind` (`unix:/path`). */
  static async start(opts: { port?: number; tls?: SinkTls; bind?: string } = {}): Promise<GrpcSink> {
    const s = new GrpcSink();
    await s.listen(opts.bind ?? `127.0.0.1:${opts.port ?? 0}`, opts.tls);
    return s;
  }

  /** `host:port` for an exporter's `endpoint`. */
  get endpoint(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Metadata the calls carried (header names are lowercase). */
  metadata(i: number): Record<string, string> {
    return this.requests[i].headers as Record<string, string>;
  }

  async close(): Promise<void> {
    this.server.forceShutdown();
  }

  private listen(address: string, tls?: SinkTls): Promise<void> {
    for (const signal of ['traces', 'logs'] as const) {
      const method = { path: PATHS[signal], requestStream: false, responseStream: false, requestSerialize: bytes, requestDeserialize: bytes, responseSerialize: bytes, responseDeserialize: bytes };
      this.server.addService({ Export: method }, { Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => void this.handle(signal, call, cb) });
    }
    const creds = tls ? grpc.ServerCredentials.createSsl(tls.clientCa ?? null, [{ cert_chain: tls.cert, private_key: tls.key }], !!tls.clientCa) : grpc.ServerCredentials.createInsecure();
    return new Promise((resolve, reject) =>
      this.server.bindAsync(address, creds, (err, bound) => {
        if (err) return reject(err);
        this.port = bound;
        resolve();
      }),
    );
  }

  private async handle(signal: Signal, call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>): Promise<void> {
    const step = this.nextStep();
    let code = step.code ?? grpc.status.OK;
    const record: SinkRequest = { signal, path: PATHS[signal], at: Date.now(), status: 200, encoding: 'proto', gzip: false, headers: flat(call.metadata), spans: [], logs: [] };
    try {
      const decoded = decodeRequest(signal, 'proto', call.request);
      record.spans = decoded.spans;
      record.logs = decoded.logs;
    } catch (err) {
      record.error = (err as Error).message;
      code = grpc.status.INVALID_ARGUMENT;
    }
    record.grpcCode = code;
    record.status = code === grpc.status.OK ? 200 : 500;
    this.requests.push(record);
    if (step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs));
    if (code === grpc.status.OK) return cb(null, encodeExportResponse(signal, step.partial));
    const details = record.error ?? step.message ?? grpc.status[code];
    const metadata = new grpc.Metadata();
    if (step.retryDelayMs !== undefined) metadata.set('grpc-status-details-bin', retryStatus(code, details, step.retryDelayMs));
    cb({ code, details, metadata });
  }
}

function flat(md: grpc.Metadata): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(md.getMap())) out[k] = Buffer.isBuffer(v) ? v.toString('base64') : v;
  return out;
}
