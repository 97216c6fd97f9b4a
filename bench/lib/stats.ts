/** Small statistics and markdown table helpers shared by the end-to-end benchmarks. */

export function pct(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const median = (values: number[]): number => pct(values, 50);
export const max = (values: number[]): number => values.reduce((a, b) => Math.max(a, b), -Infinity);

export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return 'n/a';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Median of per-repetition values, with the spread (min–max) when there are several. */
export function spread(values: number[], digits = 0, unit = ''): string {
  const m = fmt(median(values), digits) + unit;
  if (values.length < 2) return m;
  return `${m} (${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)})`;
}

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Seconds from the environment (`BENCH_SECONDS=30`), else the default. */
export function envNumber(name: string, def: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${v}"`);
  return n;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
