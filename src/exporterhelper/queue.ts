/**
 * Bounded queues of export requests: in memory, or persisted through a storage extension
 * (`sending_queue.storage`) so that what was accepted survives a restart or a kill -9.
 * Capacity counts requests, as the Collector's default `sizer: requests` does.
 */
import type { StorageClient } from '../component/component';
import type { Logger } from '../telemetry/logger';

/** How the producer of a request learns what became of it (end-to-end acknowledgement). */
export interface Settle {
  resolve(): void;
  reject(err: Error): void;
}

export interface QueueEntry<T> {
  item: T;
  /** Storage key of a persisted entry; absent in memory. */
  key?: string;
  /** The producer waiting for this request's outcome (in-memory entries only). */
  settle?: Settle;
}

/** Turns a request into bytes for the persistent queue and back; `decode` throws on corrupt data. */
export interface QueueCodec<T> {
  encode(item: T): Buffer;
  decode(bytes: Buffer): T;
}

export interface Queue<T> {
  readonly capacity: number;
  /** Requests waiting plus requests being sent (they still hold their slot until done). */
  readonly size: number;
  readonly persistent: boolean;
  /** Loads what a persistent queue holds from before a restart. */
  open(): Promise<void>;
  /**
   * Adds a request; false when full. `settle` rides along with an in-memory entry so that whoever
   * takes it can tell the producer the outcome; a persistent queue ignores it (the durable write
   * is the acknowledgement).
   */
  tryPut(item: T, settle?: Settle): Promise<boolean>;
  /** Waits for the next request; undefined once closed (and, when draining, empty). */
  take(): Promise<QueueEntry<T> | undefined>;
  /** Frees the slot of a request that was delivered or dropped for good. */
  done(entry: QueueEntry<T>): Promise<void>;
  /** Stops handing out requests: `drain` keeps handing out what is queued until empty. */
  close(drain: boolean): void;
  /** Resolves when a slot frees up (or the queue closes). */
  whenSpace(): Promise<void>;
  /** Empties what waits in memory and returns it (a persistent queue keeps its entries: []). */
  abandon(): QueueEntry<T>[];
}

abstract class BaseQueue<T> implements Queue<T> {
  protected closed = false;
  protected draining = false;
  private takers: (() => void)[] = [];
  private spaceWaiters: (() => void)[] = [];
  protected inFlight = 0;

  constructor(readonly capacity: number) {}

  abstract readonly persistent: boolean;
  protected abstract get waiting(): number;
  protected abstract push(item: T, settle?: Settle): Promise<void>;
  protected abstract shift(): Promise<QueueEntry<T> | undefined>;
  protected abstract release(entry: QueueEntry<T>): Promise<void>;
  abstract abandon(): QueueEntry<T>[];

  get size(): number {
    return this.waiting + this.inFlight;
  }

  async open(): Promise<void> {}

  async tryPut(item: T, settle?: Settle): Promise<boolean> {
    if (this.closed || this.size >= this.capacity) return false;
    await this.push(item, settle);
    this.takers.shift()?.();
    return true;
  }

  async take(): Promise<QueueEntry<T> | undefined> {
    for (;;) {
      if (this.closed && !(this.draining && this.waiting > 0)) return undefined;
      if (this.waiting > 0) {
        this.inFlight++;
        const e = await this.shift();
        if (e) return e;
        this.inFlight--;
        this.signalSpace();
        continue;
      }
      await new Promise<void>((r) => this.takers.push(r));
    }
  }

  async done(entry: QueueEntry<T>): Promise<void> {
    this.inFlight--;
    await this.release(entry);
    this.signalSpace();
  }

  close(drain: boolean): void {
    this.closed = true;
    this.draining = drain;
    for (const t of this.takers.splice(0)) t();
    for (const w of this.spaceWaiters.splice(0)) w();
  }

  whenSpace(): Promise<void> {
    if (this.closed || this.size < this.capacity) return Promise.resolve();
    return new Promise((r) => this.spaceWaiters.push(r));
  }

  /**
   * Wakes every waiter: each tries again and the losers wait again. Waking only the first
   * would hand the slot to a waiter whose sender already gave up (its timeout won the race)
   * and leave a live one asleep until its own timeout.
   */
  protected signalSpace(): void {
    for (const w of this.spaceWaiters.splice(0)) w();
  }
}

export class MemoryQueue<T> extends BaseQueue<T> {
  readonly persistent = false;
  private items: (QueueEntry<T> | undefined)[] = [];
  private head = 0;

  protected get waiting(): number {
    return this.items.length - this.head;
  }
  protected async push(item: T, settle?: Settle): Promise<void> {
    this.items.push(settle ? { item, settle } : { item });
  }
  protected async shift(): Promise<QueueEntry<T> | undefined> {
    const entry = this.items[this.head];
    this.items[this.head++] = undefined;
    // Compact now and then so a long-running queue does not keep a growing array.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return entry;
  }
  protected async release(): Promise<void> {}

  abandon(): QueueEntry<T>[] {
    const left = this.items.slice(this.head) as QueueEntry<T>[];
    this.items = [];
    this.head = 0;
    return left;
  }
}

const KEY_PREFIX = 'q/';
const keyOf = (seq: number) => KEY_PREFIX + seq.toString().padStart(16, '0');

/**
 * One storage entry per request, keyed by a growing sequence number so sorted keys give FIFO
 * order. An entry is deleted only when its request is delivered or dropped for good, so a
 * crash at any point re-sends (at least once) rather than loses.
 */
export class PersistentQueue<T> extends BaseQueue<T> {
  readonly persistent = true;
  private pending: number[] = [];
  private nextSeq = 0;

  constructor(
    capacity: number,
    private readonly client: StorageClient,
    private readonly codec: QueueCodec<T>,
    private readonly logger: Logger,
  ) {
    super(capacity);
  }

  protected get waiting(): number {
    return this.pending.length;
  }

  override async open(): Promise<void> {
    const keys = await this.client.keys(KEY_PREFIX);
    for (const k of keys) {
      const seq = Number(k.slice(KEY_PREFIX.length));
      if (!Number.isSafeInteger(seq)) {
        this.logger.warn({ key: k }, 'Skipping a persistent queue key that is not a sequence number');
        continue;
      }
      this.pending.push(seq);
      this.nextSeq = Math.max(this.nextSeq, seq + 1);
    }
    if (this.pending.length > 0) {
      this.logger.info({ requests: this.pending.length }, 'The persistent queue holds requests from before the restart; sending them');
    }
  }

  protected async push(item: T): Promise<void> {
    const seq = this.nextSeq++;
    // Reserve the slot before the write so concurrent puts cannot overshoot the capacity.
    this.inFlight++;
    try {
      await this.client.set(keyOf(seq), this.codec.encode(item));
    } finally {
      this.inFlight--;
    }
    this.pending.push(seq);
  }

  protected async shift(): Promise<QueueEntry<T> | undefined> {
    const seq = this.pending.shift()!;
    const key = keyOf(seq);
    let bytes: Buffer | undefined;
    try {
      bytes = await this.client.get(key);
    } catch (err) {
      this.logger.error({ key, err: (err as Error).message }, 'Cannot read a persistent queue entry; skipping it');
      return undefined;
    }
    if (!bytes) return undefined;
    try {
      return { item: this.codec.decode(bytes), key };
    } catch (err) {
      this.logger.error({ key, err: (err as Error).message }, 'Skipping a corrupt persistent queue entry');
      await this.client.delete(key).catch(() => undefined);
      return undefined;
    }
  }

  protected async release(entry: QueueEntry<T>): Promise<void> {
    if (entry.key) await this.client.delete(entry.key);
  }

  abandon(): QueueEntry<T>[] {
    return [];
  }
}
