/**
 * Counts the items of an OTLP export request without decoding it: a protobuf walk over
 * ExportTraceServiceRequest / ExportLogsServiceRequest, which share one shape
 * (field 1 resource_* → field 2 scope_* → field 2 spans / log_records). Decoding every field
 * would make the sink, not the sidecar, the bottleneck.
 */

function varint(buf: Uint8Array, pos: number): [number, number] {
  let v = 0;
  let mul = 1;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const b = buf[pos++];
    v += (b & 0x7f) * mul;
    if (b < 0x80) return [v, pos];
    mul *= 128;
  }
}

/** Calls `fn(start, end)` for each length-delimited field `field` in buf[start, end). */
function each(buf: Uint8Array, start: number, end: number, field: number, fn: (s: number, e: number) => void): void {
  let pos = start;
  while (pos < end) {
    let key: number;
    [key, pos] = varint(buf, pos);
    const wire = key & 7;
    if (wire === 0) [, pos] = varint(buf, pos);
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      let len: number;
      [len, pos] = varint(buf, pos);
      if (key >>> 3 === field) fn(pos, pos + len);
      pos += len;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  if (pos !== end) throw new Error('field overruns its message');
}

/** Bounds of the first length-delimited field `field` in buf[start, end), if any. */
export function findField(buf: Uint8Array, start: number, end: number, field: number): [number, number] | undefined {
  let found: [number, number] | undefined;
  each(buf, start, end, field, (s, e) => (found ??= [s, e]));
  return found;
}

/** Bounds of a log record's string body (LogRecord.body = 5 → AnyValue.string_value = 1). */
export function logBody(buf: Uint8Array, start: number, end: number): [number, number] | undefined {
  const body = findField(buf, start, end, 5);
  return body && findField(buf, body[0], body[1], 1);
}

/** Number of spans or log records; `onItem` sees each item's bytes (for markers in bodies). */
export function countItems(buf: Uint8Array, onItem?: (start: number, end: number) => void): number {
  let n = 0;
  each(buf, 0, buf.length, 1, (rs, re) =>
    each(buf, rs, re, 2, (ss, se) =>
      each(buf, ss, se, 2, (is, ie) => {
        n++;
        onItem?.(is, ie);
      }),
    ),
  );
  return n;
}
