/**
 * Side-by-side results of several pipelines measured in the same run: per-repetition windows for
 * each, and the ratios to the bridge taken repetition by repetition (the bridge and each reference
 * are measured back to back in every repetition, so a slow minute on a shared machine hits both).
 */
import type { Window } from './proc';
import { fmt, max, median, pct, spread, table } from './stats';

export interface Measure {
  /** Items (spans or lines) the pipeline handled in the window. */
  items: number;
  win: Window;
  /** Request or append → sink latencies, ms. */
  lat?: number[];
  /** Items accepted but not delivered (pipelines that export only). */
  lost?: number;
}

export class Results {
  readonly by = new Map<string, Measure[]>();

  add(name: string, m: Measure): void {
    this.by.set(name, [...(this.by.get(name) ?? []), m]);
  }

  /** One row per pipeline: items per CPU-second, CPU share, RSS, latency p99, loss. */
  table(itemsName: string, latName: string): string {
    const rows = [...this.by].map(([name, ms]) => {
      const rss = ms.flatMap((m) => m.win.rss);
      const file = ms.flatMap((m) => m.win.rssFile ?? []);
      const lat = ms.filter((m) => m.lat?.length);
      const lost = ms.some((m) => m.lost !== undefined) ? ms.reduce((a, m) => a + (m.lost ?? 0), 0) : undefined;
      return [
        name,
        spread(ms.map((m) => m.items / m.win.cpuSec)),
        spread(ms.map((m) => m.items / m.win.wallSec)),
        spread(ms.map((m) => 100 * m.win.cores), 1, ' %'),
        `${fmt(median(rss))} / ${fmt(max(rss))}${file.length ? ` (${fmt(median(file))})` : ''}`,
        lat.length ? spread(lat.map((m) => pct(m.lat!, 99)), 1, ' ms') : '–',
        lost === undefined ? '–' : `${fmt(lost)}${lost === 0 ? ' ✓' : ' ✗'}`,
      ];
    });
    return table(['pipeline', `**${itemsName} per CPU-second**`, `${itemsName}/s`, 'CPU, % of one core', 'RSS median / max (file-backed), MiB', `${latName} p99`, 'lost'], rows);
  }

  /** base ÷ each other pipeline of `metric`, repetition by repetition: median (min–max). */
  ratios(base: string, metric: (m: Measure) => number, label: (other: string) => string): string[][] {
    const b = this.by.get(base);
    if (!b) return [];
    return [...this.by.keys()]
      .filter((k) => k !== base)
      .map((k) => {
        const o = this.by.get(k)!;
        const n = Math.min(b.length, o.length);
        const r = Array.from({ length: n }, (_, i) => metric(b[i]) / metric(o[i]));
        return [label(k), spread(r, 2)];
      });
  }

  lost(): boolean {
    return [...this.by.values()].some((ms) => ms.some((m) => (m.lost ?? 0) !== 0));
  }
}

export const perCpu = (m: Measure): number => m.items / m.win.cpuSec;
export const cpuShare = (m: Measure): number => m.win.cores;
export const rssMedian = (m: Measure): number => median(m.win.rss);
