/**
 * A log record whose content is already its OTLP protobuf, as EncodedSpan is for spans: the
 * log_pipeline processor writes each mapped line once, straight into the bytes the OTLP exporter
 * sends, and the encoder copies them (encode-logs-proto). It still presents the SDK's
 * ReadableLogRecord: a reader of any field gets the record decoded from its bytes on first use.
 */
import type { HrTime, SpanContext } from '@opentelemetry/api';
import type { LogAttributes, LogBody, SeverityNumber } from '@opentelemetry/api-logs';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { hexWord } from '../data/ids';
import { decodeLogRecords } from './decode';
import { oneItemRequest } from './encoded-item';
import { ProtoWriter } from './proto-writer';

type Scope = ReadableLogRecord['instrumentationScope'];

export class EncodedLogRecord implements ReadableLogRecord {
  private decoded: ReadableLogRecord | undefined;

  /**
   * `bytes[start, end)` is the record as field 2 of a ScopeLogs (tag, length, LogRecord message).
   * `traceIdAt` is where the 16 bytes of its trace_id field's value lie (-1 without a trace id),
   * so a trace id completed later is written in place: the record keeps its length.
   */
  constructor(
    readonly bytes: Buffer,
    readonly start: number,
    readonly end: number,
    readonly traceIdAt: number,
    readonly resource: Resource,
    readonly instrumentationScope: Scope,
  ) {}

  /** The record as plain SDK data, decoded from the bytes once. */
  view(): ReadableLogRecord {
    if (this.decoded) return this.decoded;
    const r = decodeLogRecords(oneItemRequest(this.bytes, this.start, this.end), 'proto')[0];
    this.decoded = { ...r, resource: this.resource, instrumentationScope: this.instrumentationScope };
    return this.decoded;
  }

  /** A copy with another resource (the bytes do not hold it), or a plain record with other fields. */
  with(patch: Partial<{ -readonly [K in keyof ReadableLogRecord]: ReadableLogRecord[K] }>): ReadableLogRecord {
    const keys = Object.keys(patch);
    if (keys.length === 1 && keys[0] === 'resource' && patch.resource) {
      return new EncodedLogRecord(this.bytes, this.start, this.end, this.traceIdAt, patch.resource, this.instrumentationScope);
    }
    return { ...this.view(), ...patch };
  }

  /** The same record in a buffer of its own, so that a record kept for long does not keep the shared one alive. */
  detached(): EncodedLogRecord {
    const n = this.end - this.start;
    const own = Buffer.allocUnsafeSlow(n);
    this.bytes.copy(own, 0, this.start, this.end);
    const at = this.traceIdAt < 0 ? -1 : this.traceIdAt - this.start;
    return new EncodedLogRecord(own, 0, n, at, this.resource, this.instrumentationScope);
  }

  /** Overwrites the trace id's high 8 bytes with 16 hex digits (a 64-bit id completed from its trace). */
  setTraceHigh(hex: string): void {
    if (this.traceIdAt < 0) throw new Error('the record has no trace id');
    this.bytes.writeUInt32BE(hexWord(hex, 0), this.traceIdAt);
    this.bytes.writeUInt32BE(hexWord(hex, 8), this.traceIdAt + 4);
    this.decoded = undefined;
  }

  /** The record's time in epoch ms, read from its bytes (time_unix_nano is written first). */
  timeMs(): number {
    const b = this.bytes;
    let p = this.start + 1;
    while (b[p] & 0x80) p++;
    p++;
    if (b[p] !== 0x09) return this.hrTime[0] * 1000 + this.hrTime[1] / 1e6;
    // ns = hi × 2^32 + lo = hi × 4294 × 10^6 + (hi × 967296 + lo): the second part stays below 2^53.
    const hi = b.readUInt32LE(p + 5);
    const rest = hi * 967296 + b.readUInt32LE(p + 1);
    const ms = Math.floor(rest / 1e6);
    return hi * 4294 + ms + (rest - ms * 1e6) / 1e6;
  }

  get byteLength(): number {
    return this.end - this.start;
  }

  get hrTime(): HrTime {
    return this.view().hrTime;
  }
  get hrTimeObserved(): HrTime {
    return this.view().hrTimeObserved;
  }
  get spanContext(): SpanContext | undefined {
    return this.view().spanContext;
  }
  get severityText(): string | undefined {
    return this.view().severityText;
  }
  get severityNumber(): SeverityNumber | undefined {
    return this.view().severityNumber;
  }
  get body(): LogBody | undefined {
    return this.view().body;
  }
  get eventName(): string | undefined {
    return this.view().eventName;
  }
  get attributes(): LogAttributes {
    return this.view().attributes;
  }
  get droppedAttributesCount(): number {
    return this.view().droppedAttributesCount;
  }
}

/** Room left in a slab below which the next record starts a new one (records are rarely larger). */
const SLAB_RESERVE = 8 * 1024;
const SLAB_SIZE = 64 * 1024;

/**
 * Shared buffers the records of many lines are written into, one after the other, so that a batch's
 * records copy out in long runs. A slab lives as long as any record in it: a record kept for long
 * (waiting for its trace) is detached first.
 */
export class RecordSlabs {
  private w = new ProtoWriter(SLAB_SIZE, true);

  /** The writer for the next record, positioned after the last one. */
  writer(): ProtoWriter {
    if (this.w.buf.length - this.w.pos < SLAB_RESERVE) this.w = new ProtoWriter(SLAB_SIZE, true);
    return this.w;
  }
}
