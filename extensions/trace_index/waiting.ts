/**
 * The waiting room: log records whose trace has not arrived yet, held until it does or until their
 * deadline. Bounded in records and bytes (a full room lets its oldest go early); released items go
 * back to their owner (the log_pipeline instance that held them) in groups, normally after the
 * call that caused the release returned.
 */

/** Why a record left the room. `trace`: its trace arrived; the others release it as written. */
export type ReleaseReason = 'trace' | 'deadline' | 'full' | 'memory' | 'shutdown';

export interface WaitOwner<T> {
  release(items: Waiting<T>[]): void;
}

export interface Waiting<T> {
  /** Low 64 bits of the trace id the record carries (16 hex digits). */
  readonly low: string;
  /** Epoch ms after which the record goes on as written. */
  readonly deadline: number;
  /** Estimated heap bytes the record holds. */
  readonly bytes: number;
  /** Epoch ms when it began to wait. */
  readonly since: number;
  readonly owner: WaitOwner<T>;
  readonly item: T;
  /** Set on release. */
  why?: ReleaseReason;
  /** The trace id that arrived (32 hex digits, or AMBIGUOUS_ID), when `why` is `trace`. */
  found?: string;
}

/** Released records handed on at once at the latest, even inside the call that released them. */
const MAX_PENDING = 1024;

/** Deadlines are kept in slots of this many ms; a record leaves at most one slot late. */
const SLOT_MS = 50;

export class WaitingRoom<T> {
  /** Every waiting record, oldest first (a Set keeps insertion order and deletes in O(1)). */
  private all = new Set<Waiting<T>>();
  private byLow = new Map<string, Waiting<T>[]>();
  private slots = new Map<number, Set<Waiting<T>>>();
  private pending: Waiting<T>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushQueued = false;
  bytes = 0;

  constructor(
    private readonly maxRecords: number,
    private readonly maxBytes: number,
    /** Told of each group of released records before their owners get them (for counting). */
    private readonly onFlush: (items: readonly Waiting<T>[]) => void = () => {},
    /** True once the bridge is stopping: its receivers take no more traces, so nothing is worth waiting for. */
    private readonly stopping: () => boolean = () => false,
  ) {}

  get size(): number {
    return this.all.size;
  }

  /** Holds `w`, letting the oldest go first if the room is full; false when `w` alone is too big. */
  hold(w: Waiting<T>): boolean {
    if (w.bytes > this.maxBytes || this.maxRecords === 0) return false;
    while (this.all.size > 0 && (this.all.size >= this.maxRecords || this.bytes + w.bytes > this.maxBytes)) {
      this.leave(this.all.values().next().value!, 'full');
    }
    this.all.add(w);
    this.bytes += w.bytes;
    const same = this.byLow.get(w.low);
    if (same) same.push(w);
    else this.byLow.set(w.low, [w]);
    const slot = Math.ceil(w.deadline / SLOT_MS);
    let s = this.slots.get(slot);
    if (!s) this.slots.set(slot, (s = new Set()));
    s.add(w);
    this.timer ??= setInterval(() => (this.stopping() ? this.releaseAll('shutdown') : this.expire(Date.now())), SLOT_MS).unref();
    return true;
  }

  /** A trace with this low half arrived: its waiting records go with the full id. */
  arrived(low: string, traceId: string): void {
    const same = this.byLow.get(low);
    if (!same) return;
    for (const w of [...same]) {
      w.found = traceId;
      this.leave(w, 'trace');
    }
  }

  /** Takes a record out without releasing it (its caller gave up on it). */
  cancel(w: Waiting<T>): void {
    if (this.all.has(w)) this.remove(w);
  }

  /** Releases every record (of one owner, or all), as written. */
  releaseAll(why: ReleaseReason, owner?: WaitOwner<T>): void {
    for (const w of [...this.all]) if (owner === undefined || w.owner === owner) this.leave(w, why);
    this.flush();
  }

  /** Releases the records whose deadline passed; exposed so tests can drive time. */
  expire(now: number): void {
    const due = Math.floor(now / SLOT_MS);
    for (const [slot, s] of this.slots) {
      if (slot > due) continue;
      for (const w of [...s]) this.leave(w, 'deadline');
    }
    this.flush();
  }

  private leave(w: Waiting<T>, why: ReleaseReason): void {
    this.remove(w);
    w.why = why;
    this.pending.push(w);
    // A caller that releases many in one go (a huge batch evicting the oldest) must not pile
    // them up until its call returns.
    if (this.pending.length >= MAX_PENDING) this.flush();
    else if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
  }

  private remove(w: Waiting<T>): void {
    this.all.delete(w);
    this.bytes -= w.bytes;
    const same = this.byLow.get(w.low)!;
    if (same.length === 1) this.byLow.delete(w.low);
    else same.splice(same.indexOf(w), 1);
    const slot = Math.ceil(w.deadline / SLOT_MS);
    const s = this.slots.get(slot)!;
    s.delete(w);
    if (s.size === 0) this.slots.delete(slot);
    if (this.all.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** Hands released records to their owners, one call per owner. */
  private flush(): void {
    this.flushQueued = false;
    if (this.pending.length === 0) return;
    const out = this.pending;
    this.pending = [];
    this.onFlush(out);
    const byOwner = new Map<WaitOwner<T>, Waiting<T>[]>();
    for (const w of out) {
      const list = byOwner.get(w.owner);
      if (list) list.push(w);
      else byOwner.set(w.owner, [w]);
    }
    for (const [owner, items] of byOwner) owner.release(items);
  }
}
