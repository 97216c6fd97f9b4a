/**
 * A counting OTLP/HTTP sink, run as its own process (see sink.ts): gunzips each request, counts
 * the items with a protobuf walk, and optionally reads two markers a log benchmark writes into
 * every line (searched in the log record's string body): `World! <seq>` (to find duplicates and gaps) and ` t=<epoch ms>` (write time, for
 * append → sink latency). Answers 200 with an empty protobuf response.
 */
import * as http from 'node:http';
import * as zlib from 'node:zlib';
import { countItems, logBody } from './otlp-count';

export interface SinkOptions {
  /** Highest sequence number expected; enables duplicate and gap tracking. */
  maxSeq?: number;
  /** Read ` t=<ms>` after the sequence number and keep latencies. */
  latency?: boolean;
}

export interface SinkStats {
  requests: number;
  items: number;
  bytesIn: number;
  bytesRaw: number;
  errors: number;
  /** Distinct sequence numbers seen, and how many arrived more than once. */
  distinct: number;
  duplicates: number;
  /** Items without a readable marker (when markers are expected). */
  unmarked: number;
  /** Arrival time (ms since epoch) of the newest item. */
  lastArrival: number;
  latencies?: number[];
}

const SEQ = Buffer.from('World! ');
const TIME = Buffer.from(' t=');

function readNumber(buf: Buffer, pos: number, end: number): [number, number] {
  let i = pos;
  while (i < end && ((buf[i] >= 48 && buf[i] <= 57) || buf[i] === 46)) i++;
  return [i > pos ? Number(buf.toString('latin1', pos, i)) : NaN, i];
}

function main(opts: SinkOptions): void {
  const seen = opts.maxSeq ? new Uint8Array(opts.maxSeq + 1) : undefined;
  const stats: SinkStats = { requests: 0, items: 0, bytesIn: 0, bytesRaw: 0, errors: 0, distinct: 0, duplicates: 0, unmarked: 0, lastArrival: 0 };
  let latencies: number[] = [];
  let last: Buffer | undefined;

  const onBody = (body: Buffer) => {
    const now = performance.timeOrigin + performance.now();
    const marked = seen !== undefined || opts.latency;
    const n = countItems(body, marked ? (is, ie) => {
      const text = logBody(body, is, ie);
      if (!text) {
        stats.unmarked++;
        return;
      }
      const [s, e] = text;
      const at = body.indexOf(SEQ, s);
      if (at < 0 || at >= e) {
        stats.unmarked++;
        return;
      }
      const [seq, next] = readNumber(body, at + SEQ.length, e);
      if (seen && Number.isInteger(seq) && seq <= opts.maxSeq!) {
        if (seen[seq]) stats.duplicates++;
        else {
          seen[seq] = 1;
          stats.distinct++;
        }
      }
      if (opts.latency && body.compare(TIME, 0, TIME.length, next, next + TIME.length) === 0) {
        const [t] = readNumber(body, next + TIME.length, e);
        if (Number.isFinite(t)) latencies.push(now - t);
      }
    } : undefined);
    stats.items += n;
    stats.lastArrival = now;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      stats.requests++;
      try {
        const raw = Buffer.concat(chunks);
        stats.bytesIn += raw.length;
        const body = req.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw) : raw;
        stats.bytesRaw += body.length;
        last = body;
        onBody(body);
        res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 });
        res.end();
      } catch (err) {
        stats.errors++;
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(String(err));
      }
    });
  });
  server.keepAliveTimeout = 60000;
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    process.send!({ ready: true, url: `http://127.0.0.1:${port}` });
  });
  process.on('message', (m: { id: number; cmd: 'stats' | 'takeLatencies' | 'lastBody' | 'close' }) => {
    if (m.cmd === 'stats') process.send!({ id: m.id, reply: stats });
    else if (m.cmd === 'lastBody') process.send!({ id: m.id, reply: last?.toString('base64') ?? '' });
    else if (m.cmd === 'takeLatencies') {
      process.send!({ id: m.id, reply: latencies });
      latencies = [];
    } else if (m.cmd === 'close') server.close(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
}

main(JSON.parse(process.argv[2] ?? '{}') as SinkOptions);
