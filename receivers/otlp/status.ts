/**
 * OTLP/HTTP response bodies: an empty Export*ServiceResponse on success, a google.rpc.Status
 * on failure, encoded like the request (OTLP spec "OTLP/HTTP Response").
 */
import { CONTENT_TYPES, type Encoding } from '../../src/otlp/encode';
import { encodeRpcStatus } from '../../src/otlp/rpc-status';

export const SUPPORTED_TYPES = [CONTENT_TYPES.proto, CONTENT_TYPES.json];

/** gRPC codes the OTLP spec pairs with HTTP statuses in a Status body. */
function grpcCode(status: number): number {
  if (status === 400) return 3; // INVALID_ARGUMENT
  if (status === 413) return 8; // RESOURCE_EXHAUSTED
  if (status === 503) return 14; // UNAVAILABLE
  return 2; // UNKNOWN
}

export function encodeStatus(enc: Encoding, status: number, message: string): [string, Uint8Array] {
  const ct = CONTENT_TYPES[enc];
  if (status === 200) return [ct, enc === 'json' ? Buffer.from('{}') : Buffer.alloc(0)];
  const code = grpcCode(status);
  if (enc === 'json') return [ct, Buffer.from(JSON.stringify({ code, message }))];
  return [ct, encodeRpcStatus({ code, message })];
}
