/**
 * OTLP/HTTP response bodies: an empty Export*ServiceResponse on success, a google.rpc.Status
 * on failure, encoded like the request (OTLP spec "OTLP/HTTP Response").
 */
import type { Signal } from '../../src/consumer/consumer';
import { CONTENT_TYPES, type Encoding } from '../../src/otlp/encode';

export const SUPPORTED_TYPES = [CONTENT_TYPES.proto, CONTENT_TYPES.json];

/** gRPC codes the OTLP spec pairs with HTTP statuses in a Status body. */
function grpcCode(status: number): number {
  if (status === 400) return 3; // INVALID_ARGUMENT
  if (status === 413) return 8; // RESOURCE_EXHAUSTED
  if (status === 503) return 14; // UNAVAILABLE
  return 2; // UNKNOWN
}

export function encodeStatus(enc: Encoding, _signal: Signal, status: number, message: string): [string, Buffer] {
  const ct = CONTENT_TYPES[enc];
  if (status === 200) return [ct, enc === 'json' ? Buffer.from('{}') : Buffer.alloc(0)];
  const code = grpcCode(status);
  if (enc === 'json') return [ct, Buffer.from(JSON.stringify({ code, message }))];
  const msg = Buffer.from(message, 'utf8');
  return [ct, Buffer.concat([Buffer.from([0x08]), varint(code), Buffer.from([0x12]), varint(msg.length), msg])];
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}
