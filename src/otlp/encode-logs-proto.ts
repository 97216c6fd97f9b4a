/**
 * LogRecord[] → ExportLogsServiceRequest bytes (opentelemetry/proto/logs/v1), written directly
 * from the ReadableLogRecord objects with the fields, order and defaults of
 * @opentelemetry/otlp-transformer's ProtobufLogsSerializer; records that are already bytes
 * (EncodedLogRecord) are copied as they are.
 */
import { TraceFlags, type HrTime, type SpanContext } from '@opentelemetry/api';
import type { SpanIdWords, TraceIdWords } from '../data/ids';
import type { LogRecord } from '../consumer/consumer';
import { writeAnyValue, writeItemRuns, writeKeyValues, writeRequest } from './encode-common-proto';
import { EncodedLogRecord } from './encoded-log';
import { ProtoWriter, varintSize } from './proto-writer';

const w = new ProtoWriter();
let logReserve = 2;

/**
 * A LogRecord message's fields before its attributes (time, severity, body), after the caller's
 * `begin`: shared by the encoder below and writers of EncodedLogRecord, so both write one order.
 * `time` as the record's HrTime, or as nanoseconds in [0, 2^63).
 */
export function writeLogHead(w: ProtoWriter, time: HrTime | bigint, severityNumber: number | undefined, severityText: string | undefined, body: unknown): void {
  w.tag1((1 << 3) | 1);
  if (typeof time === 'bigint') w.fixed64Big(time);
  else w.hrTime(time[0], time[1]);
  if (severityNumber !== undefined && severityNumber !== 0) {
    w.tag1((2 << 3) | 0);
    w.i64(severityNumber);
  }
  if (severityText) {
    w.tag1((3 << 3) | 2);
    w.string(severityText);
  }
  if (body !== undefined) {
    w.tag1((5 << 3) | 2);
    // A line of text is mostly over 127 bytes: two length bytes spare endAt a move.
    const reserve = typeof body === 'string' && body.length > 100 ? 2 : 1;
    const bm = w.begin(reserve);
    writeAnyValue(w, body);
    w.endAt(bm, reserve);
  }
}

/** Attributes are field 6 of LogRecord. */
export const LOG_ATTRIBUTE_TAG = (6 << 3) | 2;

/** A trace context as the words of its ids (how the log mapping reads them), always sampled. */
export interface WordContext {
  trace: TraceIdWords;
  span: SpanIdWords;
}

/**
 * The fields after the attributes: dropped count, trace context, observed time, event name.
 * Returns where the trace id's 16 bytes were written (-1 for none).
 */
export function writeLogTail(w: ProtoWriter, dropped: number, ctx: SpanContext | WordContext | undefined, observed: HrTime, eventName: string | undefined): number {
  w.tag1((7 << 3) | 0);
  w.u32(dropped >>> 0);
  let traceIdAt = -1;
  if (ctx && 'trace' in ctx) {
    const { trace: t, span: s } = ctx;
    w.tag1((8 << 3) | 5);
    w.fixed32(TraceFlags.SAMPLED);
    w.tag1((9 << 3) | 2);
    w.tag1(16);
    traceIdAt = w.pos;
    w.u32be(t.hiHi);
    w.u32be(t.hiLo);
    w.u32be(t.lowHi);
    w.u32be(t.lowLo);
    w.tag1((10 << 3) | 2);
    w.tag1(8);
    w.u32be(s.hi);
    w.u32be(s.lo);
  } else if (ctx) {
    if (ctx.traceFlags) {
      w.tag1((8 << 3) | 5);
      w.fixed32(ctx.traceFlags);
    }
    if (w.hexId((9 << 3) | 2, ctx.traceId, 16)) traceIdAt = w.pos - 16;
    w.hexId((10 << 3) | 2, ctx.spanId, 8);
  }
  w.tag1((11 << 3) | 1);
  w.hrTime(observed[0], observed[1]);
  if (eventName) {
    w.tag1((12 << 3) | 2);
    w.string(eventName);
  }
  return traceIdAt;
}

function writeLog(r: LogRecord): void {
  w.tag1((2 << 3) | 2);
  const reserve = logReserve;
  const m = w.begin(reserve);
  writeLogHead(w, r.hrTime, r.severityNumber as number | undefined, r.severityText, r.body);
  if (r.attributes) writeKeyValues(w, r.attributes, LOG_ATTRIBUTE_TAG);
  writeLogTail(w, r.droppedAttributesCount, r.spanContext, r.hrTimeObserved, r.eventName);
  logReserve = varintSize(w.endAt(m, reserve));
}

const encodedLog = (r: LogRecord) => (r instanceof EncodedLogRecord ? r : undefined);

function writeLogs(group: LogRecord[]): void {
  writeItemRuns(w, group, encodedLog, writeLog);
}

/** The ExportLogsServiceRequest for `logs`: a fresh Uint8Array the caller owns, or with `scratch` a view (as encodeTraceRequest). */
export function encodeLogsRequest(logs: readonly LogRecord[], scratch = false): Uint8Array {
  return writeRequest(w, logs, writeLogs, scratch);
}
