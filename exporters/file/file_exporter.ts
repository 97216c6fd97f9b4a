import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Consumer, LogRecord, Span } from '../../src/consumer/consumer';
import { encodeLogs, encodeSpans } from '../../src/otlp/encode';
import type { Logger } from '../../src/telemetry/logger';

const NEWLINE = Buffer.from('\n');

/**
 * Appends one OTLP/JSON request per line (hex ids, nanosecond times as decimal strings).
 * Writes are serialised through one chain so lines never interleave, and each batch is
 * acknowledged only once its bytes are written.
 */
export class FileExporter {
  private fh: FileHandle | undefined;
  private chain: Promise<void> = Promise.resolve();

  readonly traces: Consumer<Span> = { consume: (batch) => this.write(encodeSpans(batch, 'json')) };
  readonly logs: Consumer<LogRecord> = { consume: (batch) => this.write(encodeLogs(batch, 'json')) };

  constructor(
    private readonly path: string,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    this.fh = await open(this.path, 'a');
  }

  private write(bytes: Uint8Array | undefined): Promise<void> {
    if (!bytes) return Promise.reject(new Error('OTLP JSON serialization failed'));
    const next = this.chain.then(async () => {
      if (!this.fh) throw new Error(`file exporter for ${this.path} is not running`);
      await this.fh.writev([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), NEWLINE]);
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  async shutdown(): Promise<void> {
    await this.chain;
    if (!this.fh) return;
    const fh = this.fh;
    this.fh = undefined;
    try {
      await fh.sync();
    } catch (err) {
      this.logger.warn({ path: this.path, err: String(err) }, 'fsync failed on shutdown');
    }
    await fh.close();
  }
}
