/**
 * The otlp_grpc exporter: encodes each batch once with our own protobuf writer
 * (exporterhelper/request.ts) and hands it to the sending chain (src/exporterhelper: queue →
 * retry → send), whose one attempt is an OTLP/gRPC Export call (transport.ts). Compression is
 * the gRPC layer's (per message, `grpc-encoding: gzip`), so queued requests hold the plain body.
 */
import type { CreateSettings, Exporter } from '../../src/component/component';
import type { Signal } from '../../src/consumer/consumer';
import { newExporter } from '../../src/exporterhelper/exporter';
import { encodeRequest, requestCodec, type ExportRequest } from '../../src/exporterhelper/request';
import type { Config } from './config';
import { GrpcTransport } from './transport';

export function createOtlpGrpcExporter(set: CreateSettings, cfg: Config, signals: Signal[]): Exporter {
  let transport: GrpcTransport | undefined;
  return newExporter<ExportRequest>({
    set,
    signals,
    encode: (batch) => encodeRequest(batch, 'proto', false),
    send: (req) => transport!.send(req),
    retry: cfg.retry_on_failure,
    queue: cfg.sending_queue,
    codec: requestCodec,
    timeoutMs: cfg.timeout,
    start: async () => void (transport = new GrpcTransport(cfg, cfg.retry_on_failure)),
    shutdown: async () => transport?.close(),
  });
}
