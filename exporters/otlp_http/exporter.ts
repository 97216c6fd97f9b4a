/**
 * The otlp_http exporter: encodes each batch once and gzips it (exporterhelper/request.ts), and hands the
 * request to the sending chain (src/exporterhelper: queue → retry → send), whose one attempt is
 * an OTLP/HTTP POST (transport.ts).
 */
import type { CreateSettings, Exporter } from '../../src/component/component';
import type { Signal } from '../../src/consumer/consumer';
import { newExporter } from '../../src/exporterhelper/exporter';
import { encodeRequest, releaseRequest, requestCodec, type ExportRequest } from '../../src/exporterhelper/request';
import { signalUrl, type Config } from './config';
import { Transport } from './transport';

export function createOtlpHttpExporter(set: CreateSettings, cfg: Config, signals: Signal[]): Exporter {
  const urls = { traces: signalUrl(cfg, 'traces'), logs: signalUrl(cfg, 'logs') };
  let transport: Transport | undefined;
  return newExporter<ExportRequest>({
    set,
    signals,
    encode: (batch) => encodeRequest(batch, cfg.encoding, cfg.compression === 'gzip'),
    release: releaseRequest,
    send: (req) => transport!.send(urls[req.signal], req),
    retry: cfg.retry_on_failure,
    queue: cfg.sending_queue,
    codec: requestCodec,
    timeoutMs: cfg.timeout,
    // Reads the TLS files now, so a missing file fails at start rather than at first send.
    start: async () => void (transport = new Transport(cfg)),
    shutdown: async () => transport?.close(),
  });
}
