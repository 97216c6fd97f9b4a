/**
 * Reads a request body under a size limit that holds before and after gzip/deflate
 * decompression (OTLP spec: limit the decompressed size too), so a small zip bomb
 * cannot allocate more than the limit.
 */
import type { IncomingMessage } from 'node:http';
import * as zlib from 'node:zlib';

export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const encoding = String(req.headers['content-encoding'] ?? '').trim().toLowerCase();
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.reject(new BodyError(413, `request body of ${declared} bytes exceeds the limit of ${limit} bytes`));
  }
  let source: NodeJS.ReadableStream = req;
  let inflater: zlib.Gunzip | zlib.Inflate | undefined;
  if (encoding === 'gzip' || encoding === 'x-gzip') inflater = zlib.createGunzip();
  else if (encoding === 'deflate') inflater = zlib.createInflate();
  else if (encoding !== '' && encoding !== 'identity') {
    req.resume();
    return Promise.reject(new BodyError(400, `unsupported content encoding "${encoding}" (supported: gzip, deflate)`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let raw = 0;
    let size = 0;
    let done = false;
    const fail = (err: BodyError) => {
      if (done) return;
      done = true;
      inflater?.destroy();
      // Keep reading (and discarding) so the client gets our answer instead of a reset.
      req.unpipe();
      req.resume();
      reject(err);
    };
    req.on('data', (c: Buffer) => {
      raw += c.length;
      if (raw > limit) fail(new BodyError(413, `request body exceeds the limit of ${limit} bytes`));
    });
    req.on('error', () => fail(new BodyError(400, 'request body was cut off')));
    if (inflater) {
      source = req.pipe(inflater);
      inflater.on('error', (e) => fail(new BodyError(400, `cannot decompress the ${encoding} body: ${e.message}`)));
    }
    source.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) return fail(new BodyError(413, `decompressed request body exceeds the limit of ${limit} bytes`));
      chunks.push(c);
    });
    source.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    });
  });
}
