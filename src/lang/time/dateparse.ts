// default_time's parser, as Datakit's TimestampHandle: its fixed layouts first (nginx,
// redis, mysql, gin, apache, PostgreSQL), then araddon/dateparse's ParseIn in the zone
// (datescan.ts builds the layout, goparse.ts reads it as Go does).

import { Civil, civilToNs, nsToZoned, validCivil } from './civil';
import { scanDate } from './datescan';
import { toBytes } from './layoutscan';
import { parseGoLayout } from './goparse';
import { Zone } from './zone';

// Datakit's layouts in its order, each with a cheap test that every text it accepts
// passes; redis lines without a year get the current year appended.
const FIXED_LAYOUTS: Array<{ pre: RegExp; layout: string; appendYear?: boolean }> = [
  { pre: /^\d\d\//, layout: '02/Jan/2006:15:04:05 -0700' },
  { pre: /^\d\d /, layout: '02 Jan 2006 15:04:05.000' },
  { pre: /^\d\d /, layout: '02 Jan 15:04:05.000 2006', appendYear: true },
  { pre: /^\d{6} /, layout: '060102 15:04:05' },
  { pre: /^\d{4}\/\d\d\/\d\d /, layout: '2006/01/02 - 15:04:05' },
  { pre: /^[A-Za-z]{3} /, layout: 'Mon Jan 2 15:04:05.000000 2006' },
  { pre: /^\d{4}-\d\d-\d\d /, layout: '2006-01-02 15:04:05.000 UTC' },
];

const FRACTION_SCALE = [1e9, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1];

function digitsAt(s: string, from: number, n: number): number {
  let v = 0;
  for (let k = from; k < from + n; k++) {
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * The shape of most application logs, "2006-01-02[T ]15:04:05[.,]fff", read without the
 * general machinery (it runs once per line). It answers exactly as the general path does
 * for the texts it accepts and leaves everything else to it.
 */
function fastIso(text: string, zone: Zone): bigint | undefined {
  const n = text.length;
  if (n < 19 || n > 29 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const sep = text.charCodeAt(10);
  if (sep !== 32 && sep !== 84) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  let nanos = 0;
  if (n > 19) {
    const c = text.charCodeAt(19);
    if ((c !== 46 && c !== 44) || n === 20) return undefined;
    const frac = digitsAt(text, 20, n - 20);
    if (frac < 0) return undefined;
    nanos = frac * FRACTION_SCALE[n - 20];
  }
  const c: Civil = { year, month, day, hour, minute, second, nanos };
  return validCivil(c) ? civilToNs(c, zone) : undefined;
}

/** dateparse.ParseIn: ns since the epoch, or undefined when dateparse finds no format or Go's parse fails. */
export function dateparseIn(text: string, zone: Zone): bigint | undefined {
  const scanned = scanDate(toBytes(text));
  if (!scanned) return undefined;
  if ('ns' in scanned) return scanned.ns;
  return parseGoLayout(scanned.layout, scanned.text, scanned.utc ? (Zone.get('UTC') as Zone) : zone);
}

/** ns since the epoch of a date text, as Datakit's default_time reads it in `zone`; undefined if it cannot. */
export function parseAnyDate(text: string, zone: Zone, clock: { nowNs(): bigint }): bigint | undefined {
  const fast = fastIso(text, zone);
  if (fast !== undefined) return unixNano(fast);
  for (const f of FIXED_LAYOUTS) {
    if (!f.pre.test(text)) continue;
    const v = parseGoLayout(f.layout, f.appendYear ? `${text} ${nsToZoned(clock.nowNs(), zone).year}` : text, zone);
    // Datakit keeps a fixed layout's answer only when it is after 1970.
    if (v !== undefined && unixNano(v) > 0n) return unixNano(v);
  }
  const v = dateparseIn(text, zone);
  return v === undefined ? undefined : unixNano(v);
}

/** Go's Time.UnixNano: int64 arithmetic, so times before 1678 or after 2262 wrap around as they do in Datakit. */
function unixNano(ns: bigint): bigint {
  return BigInt.asIntN(64, ns);
}
