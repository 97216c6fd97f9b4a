/**
 * LogRecord[] → ExportLogsServiceRequest bytes (opentelemetry/proto/logs/v1), written directly
 * from the ReadableLogRecord objects with the fields, order and defaults of
 * @opentelemetry/otlp-transformer's ProtobufLogsSerializer.
 */
import type { LogRecord } from '../consumer/consumer';
import { writeAnyValue, writeKeyValues, writeRequest } from './encode-common-proto';
import { ProtoWriter, varintSize } from './proto-writer';

const w = new ProtoWriter();
let logReserve = 2;

function writeLog(r: LogRecord): void {
  w.tag1((2 << 3) | 2);
  const reserve = logReserve;
  const m = w.begin(reserve);
  w.tag1((1 << 3) | 1);
  w.hrTime(r.hrTime[0], r.hrTime[1]);
  const sev = r.severityNumber as number | undefined;
  if (sev !== undefined && sev !== 0) {
    w.tag1((2 << 3) | 0);
    w.i64(sev);
  }
  if (r.severityText) {
    w.tag1((3 << 3) | 2);
    w.string(r.severityText);
  }
  if (r.body !== undefined) {
    w.tag1((5 << 3) | 2);
    const bm = w.begin(1);
    writeAnyValue(w, r.body);
    w.endAt(bm, 1);
  }
  if (r.attributes) writeKeyValues(w, r.attributes, (6 << 3) | 2);
  w.tag1((7 << 3) | 0);
  w.u32(r.droppedAttributesCount >>> 0);
  const ctx = r.spanContext;
  if (ctx) {
    if (ctx.traceFlags) {
      w.tag1((8 << 3) | 5);
      w.fixed32(ctx.traceFlags);
    }
    w.hexId((9 << 3) | 2, ctx.traceId, 16);
    w.hexId((10 << 3) | 2, ctx.spanId, 8);
  }
  w.tag1((11 << 3) | 1);
  w.hrTime(r.hrTimeObserved[0], r.hrTimeObserved[1]);
  if (r.eventName) {
    w.tag1((12 << 3) | 2);
    w.string(r.eventName);
  }
  logReserve = varintSize(w.endAt(m, reserve));
}

function writeLogs(group: LogRecord[]): void {
  for (let i = 0; i < group.length; i++) writeLog(group[i]);
}

/** The ExportLogsServiceRequest for `logs`: a fresh Uint8Array the caller owns, or with `scratch` a view (as encodeTraceRequest). */
export function encodeLogsRequest(logs: readonly LogRecord[], scratch = false): Uint8Array {
  return writeRequest(w, logs, writeLogs, scratch);
}
