/** Buffer's own UTF-8 decoder, public on Buffer.prototype but missing from @types/node. */
type FastBuffer = Buffer & { utf8Slice(start: number, end: number): string };

/**
 * `buf.toString('utf8', start, end)` without toString's argument checks and encoding lookup, which
 * cost about a fifth of decoding a 200-byte log line. Invalid bytes become U+FFFD as there; a range
 * past the buffer's ends goes to toString, which clamps it where the bare decoder would throw.
 */
export function utf8Slice(buf: Buffer, start: number, end: number): string {
  if (start < 0 || start > end || end > buf.length) return buf.toString('utf8', start, end);
  return (buf as FastBuffer).utf8Slice(start, end);
}
