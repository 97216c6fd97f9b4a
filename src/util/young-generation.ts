/**
 * Keeps V8's young generation at its starting size (1 MiB semi-spaces) while scavenging is cheap,
 * and lets it grow as V8 would once it is not. Ground floor: imports only Node.
 *
 * V8 grows each semi-space to 16 MiB once enough survives a scavenge, and the bridge's objects do
 * survive one (a span or record waits in its batch until the export answers), so under a modest
 * steady load the young generation alone held 30–45 MiB resident. Its size limit is fixed when the
 * heap is set up, which only a command-line flag could change; the growth factor, though, is read
 * at every growth, so setting it to 1 before anything is loaded keeps the starting size. At
 * saturation the small young generation costs a quarter of the throughput per CPU-second (more
 * scavenges, more promoted), so when scavenges take more than MAX_SCAVENGE_SHARE of a window's
 * time the factor goes back to V8's default for good (V8 shrinks it again only when idle).
 */
import { constants, PerformanceObserver, performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';

/** Scavenge time over wall time in a window above which the young generation may grow: measured, 1–2.5 % at a steady 10k spans/s, 7–10 % at saturation. */
export const MAX_SCAVENGE_SHARE = 0.05;
const WINDOW_MS = 1000;
/** Startup (module loading) allocates in bursts that say nothing of the load to come. */
const SETTLE_MS = 3000;
const V8_DEFAULT_GROWTH = 2;

/** Whether a window with `scavengeMs` of scavenging in `windowMs` calls for a larger young generation. */
export function scavengingTooCostly(scavengeMs: number, windowMs: number): boolean {
  return windowMs > 0 && scavengeMs / windowMs > MAX_SCAVENGE_SHARE;
}

export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
  setTimeout(watchScavenges, SETTLE_MS).unref();
}

function watchScavenges(): void {
  let spent = 0;
  let since = performance.now();
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) spent += e.duration;
    }
    const now = performance.now();
    if (now - since < WINDOW_MS) return;
    if (scavengingTooCostly(spent, now - since)) {
      setFlagsFromString(`--semi-space-growth-factor=${V8_DEFAULT_GROWTH}`);
      observer.disconnect();
    }
    spent = 0;
    since = now;
  });
  observer.observe({ entryTypes: ['gc'] });
}
