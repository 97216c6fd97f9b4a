/**
 * One unary gRPC call over an HTTP/2 session (the gRPC over HTTP/2 wire protocol): a request of
 * one length-prefixed message, sent as given (already gzipped when `compressed`); the status from
 * the trailers (or a trailers-only answer, or what the HTTP status or a reset stream means when
 * there is none); the answer's one message, inflated if the server gzipped it.
 */
import * as http2 from 'node:http2';
import { gunzipSync } from 'node:zlib';
import type { Conn } from './connection';

/** gRPC status codes (the names are the specification's). */
export const CODE_NAMES = [
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
] as const;
export type CodeName = (typeof CODE_NAMES)[number];
export const Code = Object.fromEntries(CODE_NAMES.map((n, i) => [n, i])) as { [K in CodeName]: number };

export interface CallOutcome {
  code: number;
  details: string;
  /** `grpc-status-details-bin`: a google.rpc.Status. */
  statusDetails?: Buffer;
  /** The answer's message on OK. */
  message?: Buffer;
  /** No HTTP/2 connection could carry the call (`wait_for_ready` waits these out). */
  unconnected?: boolean;
}

export interface UnaryRequest {
  path: string;
  /** Extra request headers (gRPC metadata), lowercase names. */
  headers: Record<string, string>;
  body: Buffer;
  compressed: boolean;
  timeoutMs: number;
}

/** The spec asks clients to bound what they accept; 4 MiB is gRPC's usual default. */
const MAX_RESPONSE = 4 * 1024 * 1024;
const C = http2.constants;

/** HTTP status → gRPC code when a server (or a proxy) answered without grpc-status (gRPC's mapping). */
function fromHttp(status: number): number {
  if (status === 400) return Code.INTERNAL;
  if (status === 401) return Code.UNAUTHENTICATED;
  if (status === 403) return Code.PERMISSION_DENIED;
  if (status === 404) return Code.UNIMPLEMENTED;
  if (status === 429 || status === 502 || status === 503 || status === 504) return Code.UNAVAILABLE;
  return Code.UNKNOWN;
}

/** RST_STREAM code → gRPC code, as grpc-js reads it. */
function fromReset(rst: number): number {
  if (rst === C.NGHTTP2_REFUSED_STREAM) return Code.UNAVAILABLE;
  if (rst === C.NGHTTP2_CANCEL) return Code.CANCELLED;
  if (rst === C.NGHTTP2_ENHANCE_YOUR_CALM) return Code.RESOURCE_EXHAUSTED;
  if (rst === C.NGHTTP2_INADEQUATE_SECURITY) return Code.PERMISSION_DENIED;
  return Code.INTERNAL;
}

function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function header(h: http2.IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

export function unaryCall(conn: Conn, req: UnaryRequest): Promise<CallOutcome> {
  return new Promise((resolve) => {
    const head = Buffer.allocUnsafe(5);
    head[0] = req.compressed ? 1 : 0;
    head.writeUInt32BE(req.body.length, 1);
    let stream: http2.ClientHttp2Stream;
    try {
      stream = conn.session.request({
        ...req.headers,
        [C.HTTP2_HEADER_METHOD]: 'POST',
        [C.HTTP2_HEADER_PATH]: req.path,
        'content-type': 'application/grpc',
        te: 'trailers',
        'grpc-timeout': `${Math.max(1, Math.ceil(req.timeoutMs))}m`,
        'grpc-accept-encoding': 'identity,gzip',
        ...(req.compressed ? { 'grpc-encoding': 'gzip' } : {}),
      });
    } catch (err) {
      // The session closed between acquire and request: another connection will be made.
      return resolve({ code: Code.UNAVAILABLE, details: `connection to ${conn.address} closed: ${(err as Error).message}`, unconnected: true });
    }
    conn.active++;
    let response: http2.IncomingHttpHeaders | undefined;
    let trailers: http2.IncomingHttpHeaders | undefined;
    let error: Error | undefined;
    let expired = false;
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      expired = true;
      stream.close(C.NGHTTP2_CANCEL);
    }, req.timeoutMs);
    stream.on('response', (h) => (response = h));
    stream.on('trailers', (t) => (trailers = t));
    stream.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_RESPONSE) chunks.push(c);
      else stream.close(C.NGHTTP2_CANCEL);
    });
    stream.on('error', (err) => (error = err));
    stream.on('close', () => {
      clearTimeout(timer);
      conn.active--;
      resolve(outcome());
    });
    stream.write(head);
    stream.end(req.body);

    function outcome(): CallOutcome {
      if (expired) return { code: Code.DEADLINE_EXCEEDED, details: `deadline of ${req.timeoutMs}ms exceeded` };
      if (size > MAX_RESPONSE) return { code: Code.RESOURCE_EXHAUSTED, details: `response larger than ${MAX_RESPONSE} bytes` };
      // A trailers-only answer carries its status in the response headers.
      const st = trailers && header(trailers, 'grpc-status') !== undefined ? trailers : response;
      const status = st && header(st, 'grpc-status');
      if (st && status !== undefined) {
        const code = Number(status);
        const bin = header(st, 'grpc-status-details-bin');
        const out: CallOutcome = { code: Number.isInteger(code) ? code : Code.UNKNOWN, details: percentDecode(header(st, 'grpc-message') ?? '') };
        if (bin) out.statusDetails = Buffer.from(bin, 'base64');
        if (out.code !== Code.OK) return out;
        try {
          out.message = firstMessage(Buffer.concat(chunks), header(response ?? {}, 'grpc-encoding'));
        } catch (err) {
          // Accepted but unreadable: not retried, so accepted data is never sent twice.
          return { code: Code.INTERNAL, details: `cannot read the answer: ${(err as Error).message}` };
        }
        return out;
      }
      const httpStatus = Number(response?.[C.HTTP2_HEADER_STATUS] ?? 0);
      if (httpStatus && httpStatus !== 200) return { code: fromHttp(httpStatus), details: `HTTP ${httpStatus} without a gRPC status` };
      // The connection failed (refused, TLS, reset, GOAWAY): the streams on it die with it.
      const lost = conn.session.destroyed || conn.session.closed;
      if (!lost && stream.rstCode && stream.rstCode !== C.NGHTTP2_NO_ERROR) {
        return { code: fromReset(stream.rstCode), details: `stream reset by the server (HTTP/2 error ${stream.rstCode})` };
      }
      if (lost || error || !response) {
        const why = error?.message ?? 'connection closed';
        return { code: Code.UNAVAILABLE, details: `failed to call ${conn.address}: ${why}`, unconnected: !response };
      }
      return { code: Code.UNKNOWN, details: 'the server ended the call without a status' };
    }
  });
}

/** The answer's message: one length-prefixed frame, possibly gzipped; empty when absent. */
function firstMessage(data: Buffer, encoding: string | undefined): Buffer {
  if (data.length < 5) return Buffer.alloc(0);
  const body = data.subarray(5, 5 + data.readUInt32BE(1));
  return data[0] === 1 && encoding === 'gzip' ? gunzipSync(body) : body;
}
