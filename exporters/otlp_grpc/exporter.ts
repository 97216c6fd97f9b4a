/**
 * The otlp_grpc exporter: encodes each batch once and gzips it, exactly as otlp_http does
 * (exporterhelper/request.ts), and hands the request to the sending chain (src/exporterhelper:
 * queue → retry → send), whose one attempt is an OTLP/gRPC Export call (transport.ts) carrying
 * those bytes as its message.
 */
import type { CreateSettings, Exporter } from '../../src/component/component';
import type { Signal } from '../../src/consumer/consumer';
import { newExporter } from '../../src/exporterhelper/exporter';
import { encodeRequest, releaseRequest, requestCodec, type ExportRequest } from '../../src/exporterhelper/request';
import type { Config } from './config';
import type { GrpcTransport } from './transport';

export function createOtlpGrpcExporter(set: CreateSettings, cfg: Config, signals: Signal[]): Exporter {
  let transport: GrpcTransport | undefined;
  return newExporter<ExportRequest>({
    set,
    signals,
    encode: (batch) => encodeRequest(batch, 'proto', cfg.compression === 'gzip'),
    release: releaseRequest,
    send: (req) => transport!.send(req),
    retry: cfg.retry_on_failure,
    queue: cfg.sending_queue,
    codec: requestCodec,
    timeoutMs: cfg.timeout,
    // Loaded at start: @grpc/grpc-js holds ~5 MiB resident once required, in every process otherwise.
    start: async () => void (transport = new (require('./transport') as typeof import('./transport')).GrpcTransport(cfg)),
    shutdown: async () => transport?.close(),
  });
}
