/**
 * Joins each mapped record to its trace and counts how: ids as written, a 64-bit trace id completed
 * from the trace index, or, when the trace has not arrived yet, the record waits in the index's
 * waiting room and comes back through `release`. A batch's ticket is acknowledged only once every
 * record of the batch went downstream and was accepted there.
 */
import type { CreateSettings, Host } from '../../src/component/component';
import type { LogRecord } from '../../src/consumer/consumer';
import { withLog } from '../../src/data/builders';
import { EncodedLogRecord } from '../../src/otlp/encoded-log';
import type { TraceIndex } from '../../extensions/trace_index/extension';
import { acquireTraceIndex, type IndexLease } from '../../extensions/trace_index/host';
import { AMBIGUOUS, AMBIGUOUS_ID, NOT_SEEN } from '../../extensions/trace_index/recent';
import { hexWord, wordsHex } from '../../src/data/ids';
import type { WaitOwner, Waiting } from '../../extensions/trace_index/waiting';
import {
  AMBIGUOUS_IDS, causeIndex, JOINED, NO_IDS, RECOVERED, SCRIPT_ERROR, TRACE_NOT_SEEN, type Cause, type JoinAccounting,
} from './accounting';
import type { MappedIds } from './mapping';

const NO_INDEX = causeIndex('none');
const OFF = causeIndex('off');
const SHUTDOWN = causeIndex('shutdown');

const HIGH_ZERO = '0000000000000000';

/** A record waiting for its trace, with the ticket of the batch it came in. */
export interface Held {
  record: LogRecord;
  ticket: Ticket;
  /** The record was built by this processor (see `join`). */
  fresh: boolean;
}

/**
 * One consumed batch: settles when every part sent downstream settled and no record of the batch
 * still waits. The first rejection rejects it and takes its still-waiting records out of the room
 * (the sender offers the batch again).
 */
export class Ticket {
  readonly promise: Promise<void>;
  private resolve!: () => void;
  private reject!: (err: unknown) => void;
  /** Parts in flight, plus one until the batch is sealed. */
  private open = 1;
  private failed = false;
  private readonly held = new Set<Waiting<Held>>();

  constructor(private readonly cancel: (w: Waiting<Held>) => void) {
    this.promise = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  hold(w: Waiting<Held>): void {
    this.held.add(w);
  }

  /** A part of the batch went downstream as `p`. */
  track(p: Promise<void>): void {
    this.open++;
    p.then(() => this.done(), (err) => this.fail(err));
  }

  /** A held record left the room (after `track` of the part that carries it). */
  released(w: Waiting<Held>): void {
    this.held.delete(w);
  }

  /** Every record of the batch was sent or held. */
  seal(): void {
    this.done();
  }

  private done(): void {
    if (--this.open === 0 && this.held.size === 0 && !this.failed) this.resolve();
  }

  private fail(err: unknown): void {
    if (this.failed) return;
    this.failed = true;
    for (const w of this.held) this.cancel(w);
    this.held.clear();
    this.reject(err);
  }
}

/** What the index says of a trace id: AS_WRITTEN for a 64-bit trace, AMBIGUOUS_ID, or the full id. */
const AS_WRITTEN = '';

function withHigh(high: string | undefined, low: string): string {
  return high === undefined ? AS_WRITTEN : high + low;
}

/** The low half of a trace id without a high half (16 zeros, then 16 hex digits). */
function lowHalf(traceId: string): string | undefined {
  return traceId.length === 32 && traceId.lastIndexOf(HIGH_ZERO, 0) === 0 ? traceId.slice(16) : undefined;
}

export function serviceOf(r: LogRecord): string | undefined {
  const s = r.resource.attributes['service.name'];
  return typeof s === 'string' ? s : undefined;
}

/** The time written in the line (or read), in epoch ms. */
function writtenMs(r: LogRecord): number {
  if (r instanceof EncodedLogRecord) return r.timeMs();
  return r.hrTime[0] * 1000 + r.hrTime[1] / 1e6;
}

/**
 * Heap bytes a waiting record keeps alive, estimated: the record, its time pairs, span context and
 * room entries, the line it was parsed from (its fields are slices of it) and its attribute texts.
 * Calibrated on python-ddtrace lines of ~230 bytes: 1,445 bytes measured on the heap, 1,380 estimated.
 */
export function estimateBytes(r: LogRecord, lineLength: number): number {
  // An encoded record (detached before it waits) is its object and its own buffer; the line is not kept.
  if (r instanceof EncodedLogRecord) return ENCODED_OVERHEAD + r.byteLength;
  let n = 900 + lineLength;
  for (const k in r.attributes) {
    const v = r.attributes[k];
    n += 32 + k.length + (typeof v === 'string' ? v.length : 16);
  }
  return n;
}

/** Heap bytes of an EncodedLogRecord besides its record bytes: the object and its Buffer (measured: about 330). */
const ENCODED_OVERHEAD = 400;

export class Joiner implements WaitOwner<Held> {
  private index: TraceIndex | undefined;
  private lease: IndexLease | undefined;
  private closed = false;
  private readonly sending = new Set<Promise<void>>();
  /** The last answer of the index, reused within one batch: lines of one request follow each other. */
  private lastHi = -1;
  private lastLo = -1;
  private lastFull: string | undefined;
  private lastAt = 0;

  constructor(
    private readonly accounting: JoinAccounting,
    private readonly send: (records: LogRecord[]) => Promise<void>,
  ) {}

  /** Finds the trace index (named, the bridge's, or the implicit one). */
  async attach(host: Host, set: CreateSettings, id: string | undefined): Promise<void> {
    if (this.lease) return;
    this.lease = await acquireTraceIndex(host, set, id);
    this.index = this.lease.index;
  }

  /** Releases this pipeline's waiting records, waits until they were handed on, lets go of the index. */
  async close(): Promise<void> {
    this.closed = true;
    this.index?.room.releaseAll('shutdown', this);
    await Promise.allSettled([...this.sending]);
    await this.lease?.release();
  }

  ticket(): Ticket {
    return new Ticket((w) => this.index?.room.cancel(w));
  }

  /**
   * The record to send now, or undefined when it waits for its trace (held under the batch's
   * ticket). `mapped`: what pointToRecord said of the ids of a record it just built, so a recovered
   * trace id is written into that record rather than into a copy; undefined for a record passed
   * through as it came.
   */
  join(r: LogRecord, mapped: MappedIds | undefined, lineLength: number, scriptFailed: boolean, now: number, ticketFor: () => Ticket): LogRecord | undefined {
    const origin = r.resource;
    // A record built here says through `mapped` whether it has ids (reading an encoded one's would decode it).
    const ctx = mapped ? undefined : r.spanContext;
    if (mapped ? !mapped.ids : !ctx) {
      this.accounting.count(origin, scriptFailed ? SCRIPT_ERROR : NO_IDS);
      return r;
    }
    // A trace id with a high half is taken as written; a 64-bit one may name a 128-bit trace.
    let lowHi: number;
    let lowLo: number;
    if (mapped) {
      if (!mapped.narrow) {
        this.accounting.count(origin, JOINED);
        return r;
      }
      lowHi = mapped.lowHi;
      lowLo = mapped.lowLo;
    } else {
      const low = lowHalf(ctx!.traceId);
      if (low === undefined) {
        this.accounting.count(origin, JOINED);
        return r;
      }
      lowHi = hexWord(low, 0);
      lowLo = hexWord(low, 8);
    }
    const fresh = mapped !== undefined;
    const index = this.index;
    if (!index || !index.enabled) {
      this.accounting.count(origin, TRACE_NOT_SEEN, index ? OFF : NO_INDEX);
      return r;
    }
    let full = lowHi === this.lastHi && lowLo === this.lastLo && now === this.lastAt ? this.lastFull : undefined;
    if (full === undefined) {
      const slot = index.lookup(lowHi, lowLo, now);
      // A 64-bit trace (no high half) joins as written; else the id is its high half and the low one.
      full = slot === NOT_SEEN ? undefined : slot === AMBIGUOUS ? AMBIGUOUS_ID : withHigh(index.recent.highOf(slot), wordsHex(lowHi, lowLo));
      this.lastHi = lowHi;
      this.lastLo = lowLo;
      this.lastFull = full;
      this.lastAt = now;
    }
    if (full !== undefined) return this.settle(r, full, fresh);
    if (this.closed) {
      this.accounting.count(origin, TRACE_NOT_SEEN, SHUTDOWN);
      return r;
    }
    const never = index.neverHolds();
    if (never) {
      this.accounting.count(origin, TRACE_NOT_SEEN, causeIndex(never));
      return r;
    }
    const ticket = ticketFor();
    const held = index.hold(wordsHex(lowHi, lowLo), serviceOf(r), writtenMs(r), estimateBytes(r, lineLength), this, { record: r, ticket, fresh }, now);
    if (typeof held === 'string') {
      this.accounting.count(origin, TRACE_NOT_SEEN, causeIndex(held));
      return r;
    }
    // A waiting record must not keep alive the buffer it shares with the records that went on.
    if (r instanceof EncodedLogRecord) held.item.record = r.detached();
    ticket.hold(held);
    return undefined;
  }

  /** Records leaving the room: completed when their trace came, else as written; sent as one part. */
  release(items: Waiting<Held>[]): void {
    const records: LogRecord[] = [];
    for (const w of items) {
      const r = w.item.record;
      // A trace that arrived without a high half is the 64-bit trace the line names as written.
      if (w.why === 'trace') records.push(this.settle(r, w.found!.lastIndexOf(HIGH_ZERO, 0) === 0 ? AS_WRITTEN : w.found!, w.item.fresh));
      else {
        this.accounting.count(r.resource, TRACE_NOT_SEEN, causeIndex(w.why as Cause));
        records.push(r);
      }
    }
    this.accounting.flush();
    let p: Promise<void>;
    try {
      p = this.send(records);
    } catch (err) {
      p = Promise.reject(err);
    }
    const tracked = p.then(() => {}, () => {});
    this.sending.add(tracked);
    void tracked.finally(() => this.sending.delete(tracked));
    for (const t of new Set(items.map((w) => w.item.ticket))) t.track(p);
    for (const w of items) w.item.ticket.released(w);
  }

  private settle(r: LogRecord, full: string, fresh: boolean): LogRecord {
    if (full === AMBIGUOUS_ID) {
      this.accounting.count(r.resource, AMBIGUOUS_IDS);
      return r;
    }
    if (full === AS_WRITTEN) {
      this.accounting.count(r.resource, JOINED);
      return r;
    }
    this.accounting.count(r.resource, RECOVERED);
    if (!fresh) return withLog(r, { spanContext: { ...r.spanContext!, traceId: full } });
    if (r instanceof EncodedLogRecord) r.setTraceHigh(full);
    else r.spanContext!.traceId = full;
    return r;
  }
}
