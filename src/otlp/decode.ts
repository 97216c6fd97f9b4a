/**
 * Entry point for receivers: OTLP request bytes in either encoding → data model.
 * Every failure is a `DecodeError` carrying a one-line reason for the 400 answer.
 */
import type { LogRecord, Span } from '../consumer/consumer';
import { decodeLogsJson, decodeTracesJson } from './decode-json';
import { decodeLogsProto, decodeTracesProto } from './decode-proto';
import { toLogRecords, toSpans } from './model';
import type { Encoding } from './encode';

export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch (err) {
    throw new DecodeError(`invalid JSON: ${(err as Error).message}`);
  }
}

function wrap<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DecodeError) throw err;
    // Any failure while decoding (including stack exhaustion on hostile nesting) is bad input.
    throw new DecodeError(`cannot decode ${what}: ${(err as Error).message}`);
  }
}

export function decodeSpans(body: Uint8Array, encoding: Encoding): Span[] {
  if (encoding === 'json') {
    const parsed = parseJson(body);
    return wrap('ExportTraceServiceRequest', () => toSpans(decodeTracesJson(parsed)));
  }
  return wrap('ExportTraceServiceRequest', () => toSpans(decodeTracesProto(body)));
}

export function decodeLogRecords(body: Uint8Array, encoding: Encoding): LogRecord[] {
  if (encoding === 'json') {
    const parsed = parseJson(body);
    return wrap('ExportLogsServiceRequest', () => toLogRecords(decodeLogsJson(parsed)));
  }
  return wrap('ExportLogsServiceRequest', () => toLogRecords(decodeLogsProto(body)));
}
