/**
 * Keeps V8's young generation small: it starts at 1 MiB semi-spaces and grows one doubling at a
 * time, only while scavenges take more than GROW_ABOVE of the time, or to its largest at once
 * while the event loop is saturated. Ground floor: imports only Node and gc-windows.ts.
 *
 * V8 grows each semi-space to 16 MiB once enough survives a scavenge, and the bridge's objects do
 * survive one (a span or record waits in its batch until the export answers), so under a modest
 * steady load the young generation alone held 30–45 MiB resident. Its size limit is fixed when the
 * heap is set up, which only a command-line flag could change; the growth factor, though, is read
 * at every growth. So the factor is 1 (no growth) except while a window's scavenging says the
 * young generation is too small for the load: then it is 2 (16 when the event loop is saturated)
 * until the next growth has happened. A
 * young generation kept at 1 MiB throughout cost a quarter of the throughput per CPU-second at
 * saturation and ~40 % more CPU at a steady 10k log lines/s (more scavenges, more promoted); V8's
 * own growth cost 25–45 MiB resident at those steady rates. A saturated process (its event loop
 * busy nearly all the time) may grow it too: there CPU is what runs short, not memory.
 *
 * V8 gives the room back only when allocation nearly stops, so after a burst the young generation
 * stays at the size the burst reached until the process goes quiet.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { SETTLE_MS, watchGcWindows } from './gc-windows';

/**
 * Scavenge time over wall time in a window above which the young generation may double once.
 * Measured at 1 MiB: 1–2.5 % at a steady 10k spans/s, 2.5–5.5 % at 10k log lines/s, 7–10 % at
 * saturation; at 10k lines/s, 2 % gave 114 MiB and 0.65× the Collector's CPU, 4 % 88 MiB and 0.75×.
 */
export const GROW_ABOVE = 0.04;

/**
 * Event-loop utilisation above which the process is saturated: then the young generation may grow
 * whatever scavenging costs. Saturated on traces, scavenging took 3.5–4 % at 4 MiB semi-spaces,
 * just under GROW_ABOVE; letting them grow took spans per CPU-second against pipe-fast from
 * 0.72 (0.70–0.73) to 0.75 (0.73–0.76), for 117 → 148 MiB resident. At a steady 10k spans or
 * lines a second the loop is busy 13–20 % of the time.
 */
export const BUSY_ABOVE = 0.9;

/**
 * V8 caps any growth at the largest young generation (16 MiB semi-spaces), so a saturated
 * process gets there in one growth instead of four doublings a window apart: until then the
 * load ran with the scavenging cost it was measured to lose throughput to.
 */
export const SATURATED_GROWTH = 16;

/**
 * The growth factor a window with `scavengeMs` of scavenging in `windowMs`, and the event loop busy
 * `utilization` (0–1) of it, calls for: 1 (stay), 2 (one doubling, where scavenging costs too much)
 * or SATURATED_GROWTH (the event loop is saturated: CPU runs short, not memory).
 */
export function growthFactor(scavengeMs: number, windowMs: number, utilization = 0): number {
  if (windowMs <= 0) return 1;
  if (utilization > BUSY_ABOVE) return SATURATED_GROWTH;
  return scavengeMs / windowMs > GROW_ABOVE ? 2 : 1;
}

/** True when the command line or NODE_OPTIONS sizes the young generation: then it is left as asked. */
export function youngGenerationSizedByUser(execArgv: readonly string[], nodeOptions = ''): boolean {
  return [...execArgv, ...nodeOptions.split(/\s+/)].some((a) => /^--(max-semi-space-size|min-semi-space-size|semi-space-growth-factor)\b/.test(a.replace(/_/g, '-')));
}

export function keepYoungGenerationSmall(): void {
  if (youngGenerationSizedByUser(process.execArgv, process.env.NODE_OPTIONS)) return;
  setFlagsFromString('--semi-space-growth-factor=1');
  setTimeout(watchScavenges, SETTLE_MS).unref();
}

const newSpaceBytes = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;

function watchScavenges(): void {
  /** The new space's size when a doubling was allowed, until it has happened. */
  let growingFrom: number | undefined;
  watchGcWindows(
    (w) => {
      const factor = growingFrom === undefined ? growthFactor(w.scavengeMs, w.ms, w.utilization) : 1;
      if (factor > 1) {
        growingFrom = newSpaceBytes();
        setFlagsFromString(`--semi-space-growth-factor=${factor}`);
      }
    },
    () => {
      if (growingFrom !== undefined && newSpaceBytes() > growingFrom) {
        setFlagsFromString('--semi-space-growth-factor=1');
        growingFrom = undefined;
      }
    },
  );
}
