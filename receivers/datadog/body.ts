import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

/** A request the receiver answers with a 4xx before decoding: status and a one-line reason. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);

function tooLarge(limit: number): RequestError {
  return new RequestError(413, `payload-too-large: body exceeds max_request_body_size (${limit} bytes)`);
}

/**
 * Reads the whole body, refusing it as soon as it is known to exceed `limit` bytes (from
 * Content-Length, while streaming, and after decompression), so a large or endless body never
 * sits in memory. gzip/deflate bodies are inflated with the same cap.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '' && encoding !== 'gzip' && encoding !== 'x-gzip' && encoding !== 'deflate') {
    throw new RequestError(415, `unsupported Content-Encoding "${encoding}" (use gzip, deflate or none)`);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);

  const raw = await new Promise<Buffer>((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        parts.length = 0;
        reject(tooLarge(limit));
        return;
      }
      parts.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(parts.length === 1 ? parts[0] : Buffer.concat(parts, size));
    });
    req.on('error', (err) => {
      failed = true;
      reject(err);
    });
    req.on('aborted', () => {
      failed = true;
      reject(new RequestError(400, 'request aborted by the client'));
    });
  });

  if (encoding === 'identity' || encoding === '' || raw.length === 0) return raw;
  try {
    const opts = { maxOutputLength: limit };
    return encoding === 'deflate' ? await inflate(raw, opts) : await gunzip(raw, opts);
  } catch (err) {
    if (err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limit);
    throw new RequestError(400, `cannot decompress ${encoding} body: ${(err as Error).message}`);
  }
}
