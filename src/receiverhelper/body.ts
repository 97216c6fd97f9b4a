/**
 * The one body reader of the HTTP receivers (the Collector's confighttp decompression plus
 * MaxBytesReader): a byte cap that holds on the wire and after gzip/deflate decompression, so a
 * small zip bomb cannot allocate more than the cap, and one error type carrying the HTTP answer.
 */
import type { IncomingMessage } from 'node:http';
import * as zlib from 'node:zlib';

/** A request answered with a 4xx before its content is decoded: the status and a one-line reason. */
export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/**
 * What one request may cost a receiver, built once from its config (`requestLimits` in
 * limits.ts): the byte cap acts while reading, the item cap while decoding.
 */
export interface RequestLimits {
  /** `max_request_body_size`: bytes on the wire and after decompression. */
  maxBodyBytes: number;
  /** `max_request_items`: decoded items (spans, log records and what costs as much, see limits.ts). */
  maxItems: number;
}

/** Content-Encoding values a receiver takes (RFC 9110 names; `x-gzip` is gzip's old alias). */
export const SUPPORTED_ENCODINGS = ['gzip', 'deflate', 'identity'] as const;

const EMPTY = Buffer.alloc(0);

export function tooLarge(limit: number): BodyError {
  return new BodyError(413, `request body exceeds max_request_body_size (${limit} bytes)`);
}

/**
 * 415 for a Content-Type the endpoint does not take, in the same words for every receiver;
 * `hint` says where such a body should go instead.
 */
export function unsupportedContentType(got: string, supported: readonly string[], hint = ''): BodyError {
  return new BodyError(415, `unsupported Content-Type "${got}" (supported: ${supported.join(', ')})${hint ? `; ${hint}` : ''}`);
}

/**
 * 415 for an unsupported Content-Encoding: RFC 9110 §15.5.16 names that status for it (the
 * Collector's confighttp answers 400).
 */
function unsupportedEncoding(encoding: string): BodyError {
  return new BodyError(415, `unsupported Content-Encoding "${encoding}" (supported: ${SUPPORTED_ENCODINGS.join(', ')})`);
}

function inflaterFor(encoding: string): zlib.Gunzip | zlib.Inflate | undefined {
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.createGunzip();
  if (encoding === 'deflate') return zlib.createInflate();
  if (encoding === '' || encoding === 'identity') return undefined;
  throw unsupportedEncoding(encoding);
}

/**
 * Reads the whole body, refusing it as soon as it is known to exceed the cap (from
 * Content-Length, while it streams in, and while it inflates). On refusal the rest of the
 * request is read and discarded, so the client gets the answer rather than a reset. An empty
 * body is empty whatever its Content-Encoding says.
 */
export function readBody(req: IncomingMessage, limits: Pick<RequestLimits, 'maxBodyBytes'>): Promise<Buffer> {
  const limit = limits.maxBodyBytes;
  const encoding = String(req.headers['content-encoding'] ?? '').trim().toLowerCase();
  let inflater: zlib.Gunzip | zlib.Inflate | undefined;
  try {
    inflater = inflaterFor(encoding);
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  } catch (err) {
    req.resume();
    return Promise.reject(err);
  }

  return new Promise((resolve, reject) => {
    // The listeners below live as long as the request, which a receiver answers only after the
    // export. Through `parts` and through the promise's resolve function (the promise holds its
    // value) they would keep the body until then: both are let go once the body is handed over.
    let settle: { resolve(body: Buffer): void; reject(err: BodyError): void } | undefined = { resolve, reject };
    const parts: Buffer[] = [];
    let wire = 0;
    let size = 0;
    const fail = (err: BodyError) => {
      const s = settle;
      if (!s) return;
      settle = undefined;
      parts.length = 0;
      if (inflater) {
        req.unpipe(inflater);
        inflater.destroy();
      }
      req.resume();
      s.reject(err);
    };
    const finish = (body: Buffer) => {
      const s = settle;
      if (!s) return;
      settle = undefined;
      parts.length = 0;
      s.resolve(body);
    };
    const keep = (chunk: Buffer) => {
      if (!settle) return;
      size += chunk.length;
      if (size > limit) return fail(tooLarge(limit));
      parts.push(chunk);
    };

    // Registered before the pipe so an empty compressed body ends here, before zlib calls it truncated.
    req.on('end', () => {
      if (!inflater) finish(parts.length === 1 ? parts[0] : Buffer.concat(parts, size));
      else if (wire === 0) {
        inflater.destroy();
        finish(EMPTY);
      }
    });
    req.on('data', (chunk: Buffer) => {
      wire += chunk.length;
      if (wire > limit) fail(tooLarge(limit));
      else if (!inflater) keep(chunk);
    });
    req.on('error', () => fail(new BodyError(400, 'request body was cut off')));
    req.on('close', () => {
      if (!req.complete) fail(new BodyError(400, 'request body was cut off'));
    });
    if (inflater) {
      const z = inflater;
      z.on('data', keep);
      z.on('end', () => finish(Buffer.concat(parts, size)));
      z.on('error', (e) => fail(new BodyError(400, `cannot decompress the ${encoding} body: ${e.message}`)));
      req.pipe(z);
    }
  });
}

/** The request's media type, lower case, without parameters (`application/json; charset=utf-8` → `application/json`). */
export function mediaType(req: IncomingMessage): string {
  return String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}
