/**
 * What the two pre-encoded item kinds (EncodedSpan, EncodedLogRecord) share: each is one item's
 * bytes as field 2 of its scope message, read back as hex ids or as a one-item request to decode.
 */

/** Two lowercase hex digits of each byte value. */
const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** `n` bytes of `b` from `at` as lowercase hex. */
export function hexAt(b: Uint8Array, at: number, n: number): string {
  let s = '';
  for (let i = at; i < at + n; i++) s += BYTE_HEX[b[i]];
  return s;
}

function varint(v: number): number[] {
  const out: number[] = [];
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

/**
 * An export request (traces or logs: both nest the same way, field 1 then field 2) holding only
 * `bytes[start, end)`: Resource{Spans,Logs} { Scope{Spans,Logs} { item } }, for the decoder.
 */
export function oneItemRequest(bytes: Buffer, start: number, end: number): Buffer {
  const inner = end - start;
  const scopeHead = [0x12, ...varint(inner)];
  const resourceHead = [0x0a, ...varint(scopeHead.length + inner)];
  const request = Buffer.allocUnsafe(resourceHead.length + scopeHead.length + inner);
  request.set(resourceHead, 0);
  request.set(scopeHead, resourceHead.length);
  bytes.copy(request, resourceHead.length + scopeHead.length, start, end);
  return request;
}
