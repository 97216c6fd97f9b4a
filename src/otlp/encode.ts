/**
 * Data model → OTLP request bytes, plus the content types OTLP/HTTP uses for each encoding.
 * JSON goes through the official serializers of @opentelemetry/otlp-transformer. Protobuf goes
 * through our own writer (encode-traces-proto.ts, encode-logs-proto.ts). Measured reason for
 * leaving the official protobuf serializer (2-vCPU EPYC, node 20, 512-item batches): encoding
 * alone 1.09 vs 4.08 µs/span and 0.66 vs 2.59 µs/log record (bench/otlp-encode.ts); end to end,
 * datadog → otlp_http went from ~82-84k to ~118-122k spans/s per core and file_log → otlp_http
 * from ~90k to ~103k lines/s per core (bench/e2e-traces.ts, bench/e2e-logs.ts, saturation).
 * The bytes are the official serializer's (checked by property tests) except that ids that are
 * not well-formed hex of the right length are omitted rather than mangled, and scopes without
 * attributes are merged by (name, version, schemaUrl) rather than by object identity (the
 * official traces JSON path groups by that key too).
 */
import type { LogRecord, Signal, Span } from '../consumer/consumer';
import { encodeLogsRequest } from './encode-logs-proto';
import { encodeTraceRequest } from './encode-traces-proto';
import { Reader } from './proto-reader';

type Transformer = typeof import('@opentelemetry/otlp-transformer');
let transformer: Transformer | undefined;

/**
 * The official serializers, loaded on first use: only JSON needs them, and loading the package
 * costs ~15 MiB of RSS that a proto-only sidecar would carry for nothing.
 */
function official(): Transformer {
  transformer ??= require('@opentelemetry/otlp-transformer') as Transformer;
  return transformer;
}

export type Encoding = 'proto' | 'json';

export const CONTENT_TYPES: Record<Encoding, string> = {
  proto: 'application/x-protobuf',
  json: 'application/json',
};

/**
 * The request bytes, the caller's to keep; with `scratch` they may instead be a view that the
 * next encode of the signal overwrites (no copy, for a caller that compresses them at once).
 */
export function encodeSpans(spans: Span[], encoding: Encoding, scratch = false): Uint8Array {
  if (encoding === 'proto') return encodeTraceRequest(spans, scratch);
  return official().JsonTraceSerializer.serializeRequest(spans) ?? new Uint8Array();
}

export function encodeLogs(logs: LogRecord[], encoding: Encoding, scratch = false): Uint8Array {
  if (encoding === 'proto') return encodeLogsRequest(logs, scratch);
  return official().JsonLogsSerializer.serializeRequest(logs) ?? new Uint8Array();
}

export interface PartialSuccess {
  rejected: number;
  message: string;
}

/**
 * Reads `partial_success` from a 2xx export response. Throws when the body cannot be parsed,
 * which the exporter treats as permanent so accepted data is never sent again.
 */
export function decodePartialSuccess(signal: Signal, encoding: Encoding, body: Uint8Array): PartialSuccess | undefined {
  if (body.length === 0) return undefined;
  if (encoding === 'json') {
    const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as Record<string, any>;
    const ps = parsed?.partialSuccess ?? parsed?.partial_success;
    if (!ps) return undefined;
    const rejected = Number(ps.rejectedSpans ?? ps.rejected_spans ?? ps.rejectedLogRecords ?? ps.rejected_log_records ?? 0);
    const message = String(ps.errorMessage ?? ps.error_message ?? '');
    return rejected > 0 || message ? { rejected, message } : undefined;
  }
  // Export{Trace,Logs}ServiceResponse { partial_success = 1 { rejected_* = 1 (int64), error_message = 2 } }
  let rejected = 0;
  let message = '';
  const top = new Reader(body);
  while (!top.done) {
    const [field, wire] = top.tag();
    if (field !== 1 || wire !== 2) {
      top.skip(wire);
      continue;
    }
    const ps = top.sub();
    while (!ps.done) {
      const [f, w] = ps.tag();
      if (f === 1 && w === 0) rejected = Number(ps.varint64());
      else if (f === 2 && w === 2) message = ps.string();
      else ps.skip(w);
    }
  }
  return rejected > 0 || message ? { rejected, message } : undefined;
}
