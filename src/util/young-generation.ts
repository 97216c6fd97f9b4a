/**
 * Keeps V8's young generation small: it starts at 1 MiB semi-spaces and grows one doubling at a
 * time, only while scavenges take more than GROW_ABOVE of the time, or to LARGEST_SEMI_SPACE_MIB at
 * once while the event loop is saturated; never beyond that. Ground floor: imports only Node and
 * gc-windows.ts.
 *
 * V8 grows each semi-space to 16 MiB once enough survives a scavenge, and the bridge's objects do
 * survive one (a span or record waits in its batch until the export answers), so under a modest
 * steady load the young generation alone held 30–45 MiB resident. Its size limit is fixed when the
 * heap is set up, which only a command-line flag could change; the growth factor, though, is read
 * at every growth. So the factor is 1 (no growth) except while a window's scavenging says the
 * young generation is too small for the load: then it is the one that reaches the next size (the
 * largest allowed when the event loop is saturated) until that growth has happened. A young
 * generation kept at 1 MiB throughout cost a quarter of the throughput per CPU-second at saturation
 * and ~40 % more CPU at a steady 10k log lines/s (more scavenges, more promoted); V8's own growth
 * cost 25–45 MiB resident at those steady rates.
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
 * Event-loop utilisation above which the process is saturated: then the young generation grows to
 * LARGEST_SEMI_SPACE_MIB whatever scavenging costs, since CPU is what runs short there. At a steady
 * 10k spans or lines a second the loop is busy 13–20 % of the time.
 */
export const BUSY_ABOVE = 0.9;

/**
 * The largest semi-space this module grows to, in MiB (V8's own largest is 16). Measured saturated
 * (bench/e2e-traces.ts against pipe-fast, e2e-logs.ts; 2026-12-07, 3 repetitions each), once request
 * bodies, spans and batches no longer outlived their handoff: spans per CPU-second were the same
 * with semi-spaces capped at 4, 8 and 16 MiB (0.77, 0.78 and 0.77 of pipe-fast, each within the
 * others' spread) and so were log lines, while resident memory was 86, 101 and 129 MiB on traces
 * and 114 against 123–134 on logs.
 */
export const LARGEST_SEMI_SPACE_MIB = 4;

/**
 * The growth factor a window with `scavengeMs` of scavenging in `windowMs`, and the event loop busy
 * `utilization` (0–1) of it, calls for with semi-spaces of `semiMiB`: 1 (stay), 2 (one doubling,
 * where scavenging costs too much) or what reaches LARGEST_SEMI_SPACE_MIB at once (the event loop
 * is saturated); never past LARGEST_SEMI_SPACE_MIB.
 */
export function growthFactor(scavengeMs: number, windowMs: number, utilization: number, semiMiB: number): number {
  const room = Math.floor(LARGEST_SEMI_SPACE_MIB / Math.max(1, semiMiB));
  if (windowMs <= 0 || room < 2) return 1;
  if (utilization > BUSY_ABOVE) return room;
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

/**
 * One semi-space's capacity in MiB (1, 2, 4…). The new space's committed size would say twice
 * that, or once while V8 has the idle half uncommitted; used + available is the live half's
 * capacity, a few page headers under its nominal size.
 */
function semiSpaceMiB(): number {
  const s = getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
  return s ? Math.round((s.space_used_size + s.space_available_size) / 1048576) : 1;
}

function watchScavenges(): void {
  /** The semi-space size when a growth was allowed, until it has happened. */
  let growingFrom: number | undefined;
  watchGcWindows(
    (w) => {
      if (growingFrom !== undefined) return;
      const semi = semiSpaceMiB();
      const factor = growthFactor(w.scavengeMs, w.ms, w.utilization, semi);
      if (factor > 1) {
        growingFrom = semi;
        setFlagsFromString(`--semi-space-growth-factor=${factor}`);
      }
    },
    () => {
      if (growingFrom !== undefined && semiSpaceMiB() > growingFrom) {
        setFlagsFromString('--semi-space-growth-factor=1');
        growingFrom = undefined;
      }
    },
  );
}
