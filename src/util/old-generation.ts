/**
 * Lets the old generation grow further between full collections while they come in a storm, and
 * puts V8's own sizing back once the storm is over.
 *
 * V8 sets the next full collection's limit a few MiB above what survived the last one. The bridge
 * keeps little alive (about 13 MiB under load), but the spans a request writes wait in their batch
 * for the export, so they and their buffers are promoted before they die, and those bytes count
 * against that limit. At saturation this meant a full collection every 100–150 ms, and the concurrent
 * marking behind each cost more CPU on V8's helper threads (1.3 µs per span) than the main thread
 * spent on GC pauses. `--heap-growing-percent` is read each time a limit is set, so it can change
 * at run time. At a steady 10k spans/s full collections come once every few seconds, and nothing
 * changes there.
 *
 * Ground floor: imports only Node, gc-windows.ts and the process-wide memory pressure.
 */
import { setFlagsFromString } from 'node:v8';
import { SETTLE_MS, watchGcWindows } from './gc-windows';
import { holdMemory, underPressure } from './pressure';

/**
 * The limit becomes this many per cent above what survived. Measured at saturation (traces, 2026-12-07):
 * spans per CPU-second against pipe-fast went 0.64 → 0.68 (200), 0.70–0.75 (300), 0.73 (600); RSS
 * 104 → 109, 121, 147 MiB.
 */
export const RAISED_PERCENT = 300;
/**
 * A raise only while less than this survives a full collection: the limit then stays under about
 * four times it (128 MiB), whatever the process holds. The bridge keeps about 13 MiB alive under
 * load; a process holding much more (an in-memory queue behind a backend that is down) keeps V8's
 * sizing, so its heap does not grow to four times what it holds.
 */
export const RAISE_WHILE_LIVE_BELOW = 32 * 1024 * 1024;
/** Full collections in one window that make a storm. Saturated: 5–8; a steady 10k spans/s: 0–1. */
export const RAISE_AT = 3;
/** Windows looked back over before the raise is undone... */
export const CALM_WINDOWS = 10;
/** ...when they held fewer full collections than this in all (raised and saturated: 10–30). */
export const CALM_BELOW = 3;

/**
 * Whether the limit should be raised, given whether it is now and the full collections counted in
 * each window since the last change (oldest first).
 */
export function raiseOldGenerationLimit(raised: boolean, windows: readonly number[]): boolean {
  if (!raised) return windows.length > 0 && windows[windows.length - 1] >= RAISE_AT;
  if (windows.length < CALM_WINDOWS) return true;
  let sum = 0;
  for (let i = windows.length - CALM_WINDOWS; i < windows.length; i++) sum += windows[i];
  return sum >= CALM_BELOW;
}

/** True when the command line sets the growing factor: then it is left as asked. */
export function oldGenerationSizedByUser(execArgv: readonly string[]): boolean {
  return execArgv.some((a) => /^--heap-growing-percent\b/.test(a.replace(/_/g, '-')));
}

/**
 * The rule applied window by window. Memory pressure (a memory_limiter over its soft limit), or a
 * heap that keeps RAISE_WHILE_LIVE_BELOW or more alive, puts V8's sizing back at once and holds off a
 * raise: the room it gives is garbage kept resident.
 */
export class StormWatch {
  raised = false;
  private windows: number[] = [];

  constructor(
    private readonly setPercent: (percent: number) => void,
    private readonly pressed: () => boolean = underPressure,
  ) {}

  /**
   * A window's count of full collections, after `idleBefore` windows that saw none; `live`: the heap
   * in use after the last full collection.
   */
  window(count: number, idleBefore = 0, live = 0): void {
    for (let i = 0; i < Math.min(idleBefore, CALM_WINDOWS); i++) this.windows.push(0);
    this.windows.push(count);
    if (this.windows.length > CALM_WINDOWS) this.windows = this.windows.slice(-CALM_WINDOWS);
    const next = raiseOldGenerationLimit(this.raised, this.windows) && !this.pressed() && live < RAISE_WHILE_LIVE_BELOW;
    if (next !== this.raised) this.change(next);
  }

  relieve(): void {
    if (this.raised) this.change(false);
  }

  private change(raised: boolean): void {
    this.raised = raised;
    this.windows = [];
    this.setPercent(raised ? RAISED_PERCENT : 0);
  }
}

/** `settleMs`: how long after startup the watch begins. */
export function raiseOldGenerationLimitInStorms(settleMs = SETTLE_MS): void {
  if (oldGenerationSizedByUser(process.execArgv)) return;
  setTimeout(watchFullCollections, settleMs).unref();
}

function watchFullCollections(): void {
  const watch = new StormWatch((percent) => setFlagsFromString(`--heap-growing-percent=${percent}`));
  holdMemory({ heldBytes: () => 0, relieve: () => watch.relieve() });
  watchGcWindows((w) => watch.window(w.fullCollections, w.idleBefore, w.oldGenerationAfterFull));
}
