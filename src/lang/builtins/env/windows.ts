// Point windows for point_window/window_hit: keep the lines a script dropped around a line it
// marked, per stream. The language only reports what a run asked for (RunOutcome.window); the
// application that forwards records holds the windows and calls settle() after each run.
//
// As in Datakit: a window registered with (before, after) remembers the last `before` records of
// its stream, of which it holds those the script dropped; a hit releases them, and the record that
// hit and the next `after - 1` records are forwarded even if the script drops them.

/** What one run asked for: set when the script called point_window(). */
export interface WindowRequest {
  /** The stream's identity: the values of its stream tags. */
  stream: string;
  before: number;
  after: number;
  /** window_hit() ran after point_window() in this run. */
  hit: boolean;
}

/** Largest `before`/`after` a script may ask for, so that one stream holds a bounded number of records. */
export const MAX_WINDOW = 10000;

/** A record a window holds; `gone` once it was let go early (bounds, forget). */
interface Held<T> {
  item: T;
  bytes: number;
  gone: boolean;
}

/** What a window tells its owner: a record it now holds, and one that leaves it (released or moved past). */
interface Owner<T> {
  keep(h: Held<T>): void;
  leave(h: Held<T>): void;
}

class Window<T> {
  /** The last `before` records of the stream, oldest first; undefined for those forwarded anyway. */
  readonly recent: Array<Held<T> | undefined> = [];
  /** Records still to forward after a hit. */
  private left = 0;

  constructor(readonly before: number, readonly after: number) {}

  hit(): void {
    this.left = this.after;
  }

  /** The records to forward now; `dropped` is this record when the run dropped it. */
  move(dropped: Held<T> | undefined, owner: Owner<T>): T[] {
    if (this.left > 0) {
      this.left--;
      const out: T[] = [];
      for (const h of this.recent) {
        if (h && !h.gone) {
          owner.leave(h);
          out.push(h.item);
        }
      }
      this.recent.length = 0;
      if (dropped) out.push(dropped.item);
      return out;
    }
    if (this.before > 0) {
      this.recent.push(dropped);
      if (dropped) owner.keep(dropped);
      if (this.recent.length > this.before) {
        const old = this.recent.shift();
        if (old && !old.gone) owner.leave(old);
      }
    }
    return [];
  }
}

export interface WindowLimits<T = unknown> {
  /** Streams kept at most; the least recently used one is forgotten (with the records it held). Default 1000. */
  maxStreams?: number;
  /** Records held at most, all streams together; past it the oldest held is let go. Default: no bound but the windows'. */
  maxHeld?: number;
  /** Bytes held at most (by `sizeOf`), all streams together; past it the oldest held is let go. */
  maxHeldBytes?: number;
  /** The bytes one held record keeps alive (an estimate); default 0. */
  sizeOf?: (item: T) => number;
}

export class PointWindows<T> implements Owner<T> {
  private readonly windows = new Map<string, Window<T>>();
  /** Every record held now, oldest first (a Set keeps insertion order). */
  private readonly holding = new Set<Held<T>>();
  private bytes = 0;
  private readonly maxStreams: number;
  private readonly maxHeld: number;
  private readonly maxHeldBytes: number;
  private readonly sizeOf?: (item: T) => number;
  /** Records let go early, before their window moved past them or released them (bounds, forget()). */
  forgotten = 0;

  constructor(limits: WindowLimits<T> = {}) {
    this.maxStreams = limits.maxStreams ?? 1000;
    this.maxHeld = limits.maxHeld ?? Infinity;
    this.maxHeldBytes = limits.maxHeldBytes ?? Infinity;
    this.sizeOf = limits.sizeOf;
  }

  get streams(): number {
    return this.windows.size;
  }

  /** Records the windows hold now. */
  get held(): number {
    return this.holding.size;
  }

  /** Bytes the held records keep alive, by `sizeOf`. */
  get heldBytes(): number {
    return this.bytes;
  }

  /**
   * Call after every run whose outcome carries `window`, with the record and whether the run
   * dropped it. Returns what to forward besides a record the run kept, in order: the held records
   * a hit releases, then this record when it was dropped but falls in the window after a hit.
   */
  settle(req: WindowRequest, item: T, dropped: boolean): T[] {
    let w = this.windows.get(req.stream);
    if (w) this.windows.delete(req.stream);
    else w = new Window<T>(Math.min(req.before, MAX_WINDOW), Math.min(req.after, MAX_WINDOW));
    this.windows.set(req.stream, w);
    if (this.windows.size > this.maxStreams) {
      const [oldest, gone] = this.windows.entries().next().value as [string, Window<T>];
      this.windows.delete(oldest);
      for (const h of gone.recent) if (h && !h.gone) this.letGo(h);
    }
    if (req.hit) w.hit();
    return w.move(dropped ? { item, bytes: this.sizeOf?.(item) ?? 0, gone: false } : undefined, this);
  }

  /** Lets go of every held record (memory pressure, shutdown); returns how many. */
  forget(): number {
    const n = this.holding.size;
    for (const h of [...this.holding]) this.letGo(h);
    return n;
  }

  /** For the windows: a record is now held; past the bounds the oldest held is let go. */
  keep(h: Held<T>): void {
    this.holding.add(h);
    this.bytes += h.bytes;
    while (this.holding.size > this.maxHeld || (this.bytes > this.maxHeldBytes && this.holding.size > 0)) {
      this.letGo(this.holding.values().next().value as Held<T>);
    }
  }

  /** For the windows: a held record leaves, released or moved out of its window. */
  leave(h: Held<T>): void {
    if (this.holding.delete(h)) this.bytes -= h.bytes;
  }

  private letGo(h: Held<T>): void {
    this.leave(h);
    h.gone = true;
    this.forgotten++;
  }
}
