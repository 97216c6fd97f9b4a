/**
 * Garbage collection summed over one-second windows, for the heap's own sizing rules
 * (young-generation.ts, old-generation.ts). Ground floor: imports only Node.
 *
 * Windows close on the first collection after a second has passed: a process that collects
 * nothing costs nothing, and the gap it leaves is reported as windows without a collection.
 */
import { constants, PerformanceObserver, performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

export const WINDOW_MS = 1000;
/** Startup (module loading) allocates in bursts that say nothing of the load to come: rules wait this long. */
export const SETTLE_MS = 3000;

export interface GcWindow {
  /** How long the window lasted (at least WINDOW_MS). */
  ms: number;
  /** Time spent scavenging (the young generation). */
  scavengeMs: number;
  /** Full collections (mark-compact). */
  fullCollections: number;
  /** Event-loop utilisation over the window, 0 to 1. */
  utilization: number;
  /** Whole windows before this one that saw no collection at all. */
  idleBefore: number;
  /**
   * The old generation's bytes in use when the last full collection was reported (what survived it,
   * plus what was promoted before the report came), or undefined when none has been yet.
   */
  oldGenerationAfterFull: number | undefined;
}

/**
 * Calls `onWindow` as each window closes; `afterCollections` runs after every batch of collections
 * (for a rule that waits for one to have happened).
 */
export function watchGcWindows(onWindow: (w: GcWindow) => void, afterCollections?: () => void): void {
  let scavengeMs = 0;
  let fullCollections = 0;
  let since = performance.now();
  let loop = performance.eventLoopUtilization();
  let oldGenerationAfterFull: number | undefined;
  const observer = new PerformanceObserver((list) => {
    let full = false;
    for (const e of list.getEntries()) {
      const kind = (e as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) scavengeMs += e.duration;
      else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        fullCollections++;
        full = true;
      }
    }
    if (full) oldGenerationAfterFull = oldGenerationUsed();
    afterCollections?.();
    const now = performance.now();
    const ms = now - since;
    if (ms < WINDOW_MS) return;
    const utilization = performance.eventLoopUtilization(loop).utilization;
    loop = performance.eventLoopUtilization();
    onWindow({ ms, scavengeMs, fullCollections, utilization, idleBefore: Math.floor(ms / WINDOW_MS) - 1, oldGenerationAfterFull });
    scavengeMs = 0;
    fullCollections = 0;
    since = now;
  });
  observer.observe({ entryTypes: ['gc'] });
}

/** Bytes in use outside the young generation (whose size says nothing of what is kept). */
function oldGenerationUsed(): number {
  let n = 0;
  for (const s of getHeapSpaceStatistics()) if (!s.space_name.startsWith('new_')) n += s.space_used_size;
  return n;
}
