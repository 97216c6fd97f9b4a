/**
 * One export request of the OTLP exporters: an already encoded (and perhaps compressed) OTLP
 * body plus what is needed to send it, so retries and restarts re-send exactly the same bytes.
 * The codec is how a persistent queue stores it.
 */
import type { Signal } from '../consumer/consumer';
import type { Encoding } from '../otlp/encode';
import type { QueueCodec } from './queue';

export interface ExportRequest {
  signal: Signal;
  encoding: Encoding;
  gzip: boolean;
  items: number;
  body: Buffer;
}

const VERSION = 1;
const HEADER = 8;

/** Layout: version, signal, encoding, gzip, item count (u32 LE), then the body. */
export const requestCodec: QueueCodec<ExportRequest> = {
  encode(r) {
    const head = Buffer.alloc(HEADER);
    head[0] = VERSION;
    head[1] = r.signal === 'traces' ? 0 : 1;
    head[2] = r.encoding === 'proto' ? 0 : 1;
    head[3] = r.gzip ? 1 : 0;
    head.writeUInt32LE(r.items, 4);
    return Buffer.concat([head, r.body]);
  },
  decode(b) {
    if (b.length < HEADER || b[0] !== VERSION || b[1] > 1 || b[2] > 1 || b[3] > 1) {
      throw new Error(`not a queued export request (${b.length} bytes)`);
    }
    return {
      signal: b[1] === 0 ? 'traces' : 'logs',
      encoding: b[2] === 0 ? 'proto' : 'json',
      gzip: b[3] === 1,
      items: b.readUInt32LE(4),
      body: b.subarray(HEADER),
    };
  },
};
