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

class Window<T> {
  /** The last `before` records of the stream, oldest first; undefined for those forwarded anyway. */
  private readonly recent: Array<T | undefined> = [];
  /** Records still to forward after a hit. */
  private left = 0;

  constructor(readonly before: number, readonly after: number) {}

  hit(): void {
    this.left = this.after;
  }

  move(item: T, dropped: boolean): T[] {
    if (this.left > 0) {
      this.left--;
      const out = this.recent.filter((x): x is T => x !== undefined);
      this.recent.length = 0;
      if (dropped) out.push(item);
      return out;
    }
    if (this.before > 0) {
      this.recent.push(dropped ? item : undefined);
      if (this.recent.length > this.before) this.recent.shift();
    }
    return [];
  }
}

export interface WindowLimits {
  /** Streams kept at most; the least recently used one is forgotten (with the records it held). Default 1000. */
  maxStreams?: number;
}

export class PointWindows<T> {
  private readonly windows = new Map<string, Window<T>>();
  private readonly maxStreams: number;

  constructor(limits: WindowLimits = {}) {
    this.maxStreams = limits.maxStreams ?? 1000;
  }

  get streams(): number {
    return this.windows.size;
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
    if (this.windows.size > this.maxStreams) this.windows.delete(this.windows.keys().next().value as string);
    if (req.hit) w.hit();
    return w.move(item, dropped);
  }
}
