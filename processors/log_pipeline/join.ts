/**
 * Joins each mapped record to its trace and counts how: ids as written, a 64-bit trace id completed
 * from the trace index, or, when the trace has not arrived yet, the record waits in the index's
 * waiting room and comes back through `release`. A batch's ticket is acknowledged only once every
 * record of the batch went downstream and was accepted there.
 */
import type { CreateSettings, Host } from '../../src/component/component';
import type { LogRecord } from '../../src/consumer/consumer';
import { withLog } from '../../src/data/builders';
import type { TraceIndex } from '../../extensions/trace_index/extension';
import { acquireTraceIndex, type IndexLease } from '../../extensions/trace_index/host';
import { AMBIGUOUS } from '../../extensions/trace_index/recent';
import type { WaitOwner, Waiting } from '../../extensions/trace_index/waiting';
import {
  AMBIGUOUS_IDS, causeIndex, JOINED, NO_IDS, RECOVERED, SCRIPT_ERROR, TRACE_NOT_SEEN, type JoinAccounting,
} from './accounting';

const HIGH_ZERO = '0000000000000000';

/** A record waiting for its trace, with the ticket of the batch it came in. */
export interface Held {
  record: LogRecord;
  ticket: Ticket;
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

export function serviceOf(r: LogRecord): string | undefined {
  const s = r.resource.attributes['service.name'];
  return typeof s === 'string' ? s : undefined;
}

/** The time written in the line (or read), in epoch ms. */
function writtenMs(r: LogRecord): number {
  return r.hrTime[0] * 1000 + r.hrTime[1] / 1e6;
}

/**
 * Heap bytes a waiting record keeps alive, estimated: the record, its time pairs and span context
 * (measured at ~700 bytes for a typical parsed line with a few attributes) plus its texts.
 */
export function estimateBytes(r: LogRecord): number {
  let n = 700;
  if (typeof r.body === 'string') n += r.body.length;
  for (const k in r.attributes) {
    const v = r.attributes[k];
    n += 32 + k.length + (typeof v === 'string' ? v.length : 16);
  }
  return n;
}

export class Joiner implements WaitOwner<Held> {
  private index: TraceIndex | undefined;
  private lease: IndexLease | undefined;
  private closed = false;
  private readonly sending = new Set<Promise<void>>();

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

  /** The record to send now, or undefined when it waits for its trace (held under the batch's ticket). */
  join(r: LogRecord, scriptFailed: boolean, now: number, ticketFor: () => Ticket): LogRecord | undefined {
    const service = serviceOf(r);
    const ctx = r.spanContext;
    if (!ctx) {
      this.accounting.count(service, scriptFailed ? SCRIPT_ERROR : NO_IDS);
      return r;
    }
    const id = ctx.traceId;
    // A trace id with a high half is taken as written; a 64-bit one may name a 128-bit trace.
    if (id.length !== 32 || !id.startsWith(HIGH_ZERO)) {
      this.accounting.count(service, JOINED);
      return r;
    }
    const index = this.index;
    if (!index || !index.enabled) {
      this.accounting.count(service, TRACE_NOT_SEEN, causeIndex(index ? 'off' : 'none'));
      return r;
    }
    const low = id.slice(16);
    const full = index.lookup(low, now);
    if (full !== undefined) return this.settle(r, service, full);
    if (this.closed) {
      this.accounting.count(service, TRACE_NOT_SEEN, causeIndex('shutdown'));
      return r;
    }
    const ticket = ticketFor();
    const held = index.hold(low, service, writtenMs(r), estimateBytes(r), this, { record: r, ticket }, now);
    if (typeof held === 'string') {
      this.accounting.count(service, TRACE_NOT_SEEN, causeIndex(held));
      return r;
    }
    ticket.hold(held);
    return undefined;
  }

  /** Records leaving the room: completed when their trace came, else as written; sent as one part. */
  release(items: Waiting<Held>[]): void {
    const records: LogRecord[] = [];
    for (const w of items) {
      const r = w.item.record;
      const service = serviceOf(r);
      if (w.why === 'trace') records.push(this.settle(r, service, w.found!));
      else {
        this.accounting.count(service, TRACE_NOT_SEEN, causeIndex(w.why!));
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

  private settle(r: LogRecord, service: string | undefined, full: string): LogRecord {
    if (full === AMBIGUOUS) {
      this.accounting.count(service, AMBIGUOUS_IDS);
      return r;
    }
    if (full === r.spanContext!.traceId) {
      this.accounting.count(service, JOINED);
      return r;
    }
    this.accounting.count(service, RECOVERED);
    return withLog(r, { spanContext: { ...r.spanContext!, traceId: full } });
  }
}
