/**
 * The file exporter: one OTLP/JSON export request per line (hex ids, nanosecond times as decimal
 * strings), appended to `path` through the shared sending chain, so it reports the same metrics
 * as every exporter and can opt into the sending queue (`sending_queue::enabled: true`).
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CreateSettings, Exporter } from '../../src/component/component';
import type { Signal } from '../../src/consumer/consumer';
import { errorMessage } from '../../src/consumer/errors';
import { newExporter, type Batch } from '../../src/exporterhelper/exporter';
import { requestCodec, type ExportRequest } from '../../src/exporterhelper/request';
import { OK, type ExportResult } from '../../src/exporterhelper/result';
import { encodeLogs, encodeSpans } from '../../src/otlp/encode';
import type { Logger } from '../../src/telemetry/logger';
import type { Config } from './config';

const NEWLINE = Buffer.from('\n');
/** How long a caller blocked on a full queue waits, and how long shutdown drains the queue: the Collector's default timeout. */
const TIMEOUT_MS = 30000;

export function createFileExporter(set: CreateSettings, cfg: Config, signals: Signal[]): Exporter {
  const file = new JsonLines(cfg.path, set.logger);
  return newExporter<ExportRequest>({
    set,
    signals,
    encode: encodeJson,
    send: (req) => file.append(req.body),
    queue: cfg.sending_queue,
    codec: requestCodec,
    timeoutMs: TIMEOUT_MS,
    start: () => file.open(),
    shutdown: () => file.close(),
  });
}

function encodeJson(batch: Batch): ExportRequest {
  const bytes = batch.signal === 'traces' ? encodeSpans(batch.items, 'json') : encodeLogs(batch.items, 'json');
  if (bytes.length === 0) throw new Error('OTLP JSON serialization failed');
  return { signal: batch.signal, encoding: 'json', gzip: false, items: batch.items.length, body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/**
 * An append-only file of lines. Writes are serialised through one chain so lines never
 * interleave, and each append resolves only once its bytes are written.
 */
class JsonLines {
  private fh: FileHandle | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly logger: Logger,
  ) {}

  async open(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    this.fh = await open(this.path, 'a');
  }

  append(line: Buffer): Promise<ExportResult> {
    const next = this.chain.then(async (): Promise<ExportResult> => {
      if (!this.fh) return { kind: 'retryable', message: `file ${this.path} is not open` };
      try {
        await this.fh.writev([line, NEWLINE]);
        return OK;
      } catch (err) {
        return { kind: 'retryable', message: errorMessage(err) };
      }
    });
    this.chain = next;
    return next;
  }

  async close(): Promise<void> {
    await this.chain;
    if (!this.fh) return;
    const fh = this.fh;
    this.fh = undefined;
    try {
      await fh.sync();
    } catch (err) {
      this.logger.warn({ path: this.path, err: errorMessage(err) }, 'Cannot fsync the file on shutdown');
    }
    await fh.close();
  }
}
