// IANA time zones through Intl, with a cache of offsets per 15-minute UTC bucket
// (every real zone transition falls on such a boundary since 1970), because
// Intl formatting costs microseconds and default_time runs once per log line.

import { readlinkSync } from 'node:fs';

const BUCKET_MS = 15 * 60 * 1000;

/**
 * Names of UTC itself: a fixed zone with no transitions, kept off Intl, whose first use loads
 * ICU's time zone data (about 6 MiB resident for the life of the process).
 */
export const UTC_NAMES: ReadonlySet<string> = new Set(['UTC', 'Etc/UTC', 'Etc/UCT', 'UCT', 'Etc/Universal', 'Universal', 'Etc/Zulu', 'Zulu']);

export class Zone {
  private readonly fmt: Intl.DateTimeFormat | null;
  private readonly cache = new Map<number, number>();
  private readonly abbrFmt: Intl.DateTimeFormat | null;

  private constructor(readonly name: string, fixedOffsetSec?: number) {
    this.fmt = fixedOffsetSec === undefined
      ? new Intl.DateTimeFormat('en-US', {
        timeZone: name, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
      })
      : null;
    this.abbrFmt = fixedOffsetSec === undefined ? new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'short' }) : null;
    this.fixed = fixedOffsetSec ?? 0;
  }

  private readonly fixed: number;

  private static readonly zones = new Map<string, Zone | null>();

  /** An IANA zone name ("UTC", "Asia/Shanghai", "Local" = the process zone); undefined if unknown. */
  static get(name: string): Zone | undefined {
    const resolved = name === 'Local' || name === '' ? Zone.processZoneName() : name;
    let z = Zone.zones.get(resolved);
    if (z === undefined) {
      try {
        z = UTC_NAMES.has(resolved) ? new Zone(resolved, 0) : new Zone(resolved);
        if (z.fmt) z.fmt.format(0);
      } catch {
        z = null;
      }
      Zone.zones.set(resolved, z);
    }
    return z ?? undefined;
  }

  static fixedOffset(name: string, offsetSec: number): Zone {
    return new Zone(name, offsetSec);
  }

  static processZoneName(): string {
    if (process.env.TZ) return process.env.TZ;
    // A container whose /etc/localtime says UTC (or has none) needs no ICU to know it.
    const system = systemZoneLink();
    if (system === undefined || UTC_NAMES.has(system)) return system ?? 'UTC';
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  }

  /** Offset from UTC in seconds at the given UTC instant. */
  offsetAt(utcMs: number): number {
    if (!this.fmt) return this.fixed;
    const bucket = Math.floor(utcMs / BUCKET_MS);
    const hit = this.cache.get(bucket);
    if (hit !== undefined) return hit;
    const off = this.computeOffset(bucket * BUCKET_MS);
    if (this.cache.size > 4096) this.cache.clear();
    this.cache.set(bucket, off);
    return off;
  }

  /** utcMs is bucket-aligned, hence a whole second. */
  private computeOffset(utcMs: number): number {
    const parts = (this.fmt as Intl.DateTimeFormat).formatToParts(new Date(utcMs));
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    let year = get('year');
    if (parts.find((p) => p.type === 'era')?.value === 'BC') year = 1 - year;
    const d = new Date(0);
    d.setUTCFullYear(year, get('month') - 1, get('day'));
    d.setUTCHours(get('hour'), get('minute'), get('second'), 0);
    return Math.round((d.getTime() - utcMs) / 1000);
  }

  /**
   * UTC milliseconds for a wall-clock time in this zone. Like Go's time.Date, a
   * time in a gap or overlap resolves using the offset in effect just before.
   */
  wallToUtcMs(wallMs: number): number {
    const off1 = this.offsetAt(wallMs - this.offsetAt(wallMs) * 1000);
    const guess = wallMs - off1 * 1000;
    const off2 = this.offsetAt(guess);
    if (off1 === off2) return guess;
    const guess2 = wallMs - off2 * 1000;
    return this.offsetAt(guess2) === off2 ? guess2 : guess;
  }

  private readonly abbrCache = new Map<number, string>();
  private abbrHistory: Map<string, number[]> | undefined;

  /**
   * The offset (seconds east) an abbreviation such as "EST" stands for in this zone near a
   * wall time (ms, read as UTC), as Go's Location.lookupName answers it: a period with that
   * name in effect then, else any period of the zone's history with that name; undefined
   * when the zone never used the name.
   */
  offsetOfAbbreviation(abbr: string, wallMs: number): number | undefined {
    const offsets = this.abbreviationHistory().get(abbr);
    if (!offsets) return undefined;
    for (const off of offsets) {
      const at = wallMs - off * 1000;
      if (this.abbreviation(at) === abbr) return this.offsetAt(at);
    }
    return offsets[0];
  }

  /** Abbreviation -> offsets it had, sampled twice a year (winter, summer) over 1900-2037; built on first use. */
  private abbreviationHistory(): Map<string, number[]> {
    if (this.abbrHistory) return this.abbrHistory;
    const h = new Map<string, number[]>();
    for (let year = 1900; year <= 2037; year++) {
      for (const month of [0, 6]) {
        const at = Date.UTC(year, month, 15);
        const name = this.abbreviation(at);
        const off = this.offsetAt(at);
        const seen = h.get(name);
        if (!seen) h.set(name, [off]);
        else if (!seen.includes(off)) seen.push(off);
      }
    }
    this.abbrHistory = h;
    return h;
  }

  /** Short abbreviation at an instant (e.g. "CST" for Asia/Shanghai), or a "+08" style offset. */
  abbreviation(utcMs: number): string {
    const bucket = Math.floor(utcMs / BUCKET_MS);
    let a = this.abbrCache.get(bucket);
    if (a === undefined) {
      a = this.computeAbbreviation(bucket * BUCKET_MS);
      if (this.abbrCache.size > 4096) this.abbrCache.clear();
      this.abbrCache.set(bucket, a);
    }
    return a;
  }

  private computeAbbreviation(utcMs: number): string {
    if (UTC_NAMES.has(this.name)) return 'UTC';
    const off = this.offsetAt(utcMs);
    if (this.abbrFmt) {
      const v = this.abbrFmt.formatToParts(new Date(utcMs)).find((p) => p.type === 'timeZoneName')?.value ?? '';
      if (/^[A-Z]{3,5}$/.test(v) && v !== 'GMT') return v;
      const known = ABBREVIATIONS[this.name];
      // Standard time, or summer time an hour ahead; any other offset (local mean time before
      // the zone was standardised) has no name here and falls through to "+hhmm".
      if (known && off === known[1]) return known[0];
      if (known?.[2] && off === known[1] + 3600) return known[2];
    }
    const sign = off < 0 ? '-' : '+';
    const a = Math.abs(off);
    const hh = String(Math.floor(a / 3600)).padStart(2, '0');
    const mm = Math.floor((a % 3600) / 60);
    return `${sign}${hh}${mm ? String(mm).padStart(2, '0') : ''}`;
  }
}

/** The zone /etc/localtime links to (`Etc/UTC`), undefined when there is no such file, '' when it names none. */
function systemZoneLink(): string | undefined {
  try {
    const target = readlinkSync('/etc/localtime');
    const at = target.indexOf('zoneinfo/');
    return at < 0 ? '' : target.slice(at + 'zoneinfo/'.length);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : '';
  }
}

// Intl (en-US) spells many zones as "GMT+8"; Go uses the tzdata abbreviation.
const ABBREVIATIONS: Record<string, [string, number, string?]> = {
  'Asia/Shanghai': ['CST', 8 * 3600, 'CDT'], 'Asia/Chongqing': ['CST', 8 * 3600, 'CDT'], 'Asia/Taipei': ['CST', 8 * 3600, 'CDT'],
  'Asia/Tokyo': ['JST', 9 * 3600], 'Asia/Seoul': ['KST', 9 * 3600], 'Asia/Hong_Kong': ['HKT', 8 * 3600],
  'Asia/Kolkata': ['IST', 19800], 'Asia/Jakarta': ['WIB', 7 * 3600], 'Europe/London': ['GMT', 0, 'BST'],
  'Europe/Berlin': ['CET', 3600, 'CEST'], 'Europe/Paris': ['CET', 3600, 'CEST'], 'Europe/Moscow': ['MSK', 3 * 3600],
  'Australia/Sydney': ['AEST', 10 * 3600, 'AEDT'],
  // Intl names US zones only from 1966 on; tzdata (and Go) name them before that too.
  'America/New_York': ['EST', -5 * 3600, 'EDT'], 'America/Chicago': ['CST', -6 * 3600, 'CDT'],
  'America/Denver': ['MST', -7 * 3600, 'MDT'], 'America/Los_Angeles': ['PST', -8 * 3600, 'PDT'],
};
