// default_time's parser: Datakit's seven fixed layouts, then the subset of
// araddon/dateparse shapes real logs use (reference §2.7). Zone-less text is
// read in the given zone; explicit offsets win.

import { Civil, MONTHS, NS_PER_MS, NS_PER_SEC, civilToNs, nsToZoned, validCivil, wallMs } from './civil';
import { parseGoLayout } from './golayout';
import { Zone } from './zone';

// Each fixed layout with a cheap pre-check, so ordinary ISO text skips them quickly.
const FIXED_LAYOUTS: Array<[RegExp, string]> = [
  [/^\d{2}\/[A-Za-z]{3}\//, '02/Jan/2006:15:04:05 -0700'],
  [/^\d{2} [A-Za-z]{3} \d{4} /, '02 Jan 2006 15:04:05.000'],
  [/^\d{6} /, '060102 15:04:05'],
  [/^\d{4}\/\d{2}\/\d{2} - /, '2006/01/02 - 15:04:05'],
  [/^[A-Za-z]{3} [A-Za-z]{3} /, 'Mon Jan 2 15:04:05.000000 2006'],
];

const MONTH_RE = '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const TIME_RE = '(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:[.,](\\d{1,9}))?)?';
const WEEKDAY_PREFIX = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+/i;
const ISO_RE = new RegExp(`^(\\d{4})([-/.:])(\\d{1,2})\\2(\\d{1,2})(?:(?:T|\\s+)${TIME_RE})?\\s*(.*)$`);
const CHINESE_RE = new RegExp(`^(\\d{4})年(\\d{1,2})月(\\d{1,2})日\\s*(?:${TIME_RE})?$`);
const US_RE = new RegExp(`^(\\d{1,2})/(\\d{1,2})/(\\d{4}|\\d{2})(?:[\\s,]+${TIME_RE}\\s*([AaPp][Mm])?)?\\s*(.*)$`);
const DOTTED_RE = new RegExp(`^(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})(?:\\s+${TIME_RE})?$`);
const DAY_MONTH_RE = new RegExp(`^(\\d{1,2})[\\s-]${MONTH_RE}[\\s-](\\d{4}|\\d{2})(?:[\\s,]+${TIME_RE})?\\s*(.*)$`, 'i');
const MONTH_DAY_RE = new RegExp(`^${MONTH_RE}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?:,?\\s+(?:at\\s+)?${TIME_RE}\\s*([AaPp][Mm])?)?\\s*(.*)$`, 'i');
const UNIX_RE = new RegExp(`^${MONTH_RE}\\s+(\\d{1,2})\\s+${TIME_RE}\\s+(?:(\\S+)\\s+)?(\\d{4})$`, 'i');

function monthIndex(name: string): number {
  return MONTHS.findIndex((m) => m.slice(0, 3).toLowerCase() === name.slice(0, 3).toLowerCase()) + 1;
}

interface Tail { offset?: number; abbr?: string }

/** Parses what follows the time: Z, numeric offsets, zone words, AM/PM handled by callers. */
function parseTail(tail: string): Tail | undefined {
  const t = tail.trim();
  if (t === '') return {};
  if (t === 'Z' || t === 'z') return { offset: 0 };
  let m = /^([+-])(\d{2}):?(\d{2})?(?:\s+\(?[A-Za-z]{2,5}\)?)?$/.exec(t);
  if (m) return { offset: (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60) * (m[1] === '-' ? -1 : 1) };
  m = /^(?:UTC|GMT)([+-])(\d{1,2}):?(\d{2})?$/.exec(t);
  if (m) return { offset: (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60) * (m[1] === '-' ? -1 : 1) };
  if (/^[A-Za-z]{1,5}$/.test(t)) return { abbr: t };
  return undefined;
}

function nanosOf(frac: string | undefined): number {
  return frac ? Number((frac + '000000000').slice(0, 9)) : 0;
}

function finish(c: Civil, zone: Zone, tail: Tail, abbrMeansZone: boolean): bigint | undefined {
  if (!validCivil(c)) return undefined;
  if (tail.offset !== undefined) return civilToNs(c, zone, tail.offset);
  if (tail.abbr !== undefined && abbrMeansZone) {
    const abbr = tail.abbr.toUpperCase();
    if (abbr === 'UTC' || abbr === 'GMT' || abbr === 'Z') return civilToNs(c, zone, 0);
    const guess = zone.wallToUtcMs(wallMs(c.year, c.month, c.day, c.hour, c.minute, c.second));
    return civilToNs(c, zone, zone.abbreviation(guess) === abbr ? undefined : 0);
  }
  return civilToNs(c, zone);
}

function civil(y: string | number, mo: number, d: string, h?: string, mi?: string, s?: string, frac?: string): Civil {
  return {
    year: Number(y), month: mo, day: Number(d), hour: Number(h ?? 0), minute: Number(mi ?? 0), second: Number(s ?? 0), nanos: nanosOf(frac),
  };
}

function applyAmPm(c: Civil, ampm: string | undefined): boolean {
  if (!ampm) return true;
  if (c.hour > 12 || c.hour === 0) return false;
  const pm = ampm.toUpperCase() === 'PM';
  if (pm && c.hour < 12) c.hour += 12;
  if (!pm && c.hour === 12) c.hour = 0;
  return true;
}

/** ns since epoch, or undefined when the text is not a recognised date. */
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
 * The shape of most application logs, "2006-01-02 15:04:05[.,]fff", parsed
 * without regexes (it runs once per line). Anything else returns undefined and
 * goes through the general path, which gives the same answer for these texts.
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

export function parseAnyDate(input: string, zone: Zone, clock: { nowNs(): bigint }): bigint | undefined {
  const text = input.trim();
  const fast = fastIso(text, zone);
  if (fast !== undefined) return fast;
  for (const [pre, layout] of FIXED_LAYOUTS) {
    if (!pre.test(text)) continue;
    const v = parseGoLayout(layout, text, zone);
    if (v !== undefined) return v;
  }
  // Redis without a year: the current year in the zone.
  if (/^\d{2} [A-Za-z]{3} \d{2}:/.test(text)) {
    const year = nsToZoned(clock.nowNs(), zone).year;
    const v = parseGoLayout('02 Jan 2006 15:04:05.000', text.replace(/^(\d{2} [A-Za-z]{3}) /, `$1 ${year} `), zone);
    if (v !== undefined) return v;
  }
  // PostgreSQL: the literal "UTC" is ignored and the local zone applies.
  if (text.endsWith(' UTC')) {
    const v = parseGoLayout('2006-01-02 15:04:05.000 UTC', text, zone);
    if (v !== undefined) return v;
  }

  if (/^\d+$/.test(text)) {
    const n = BigInt(text);
    switch (text.length) {
      case 19: return n;
      case 16: return n * 1000n;
      case 13: return n * NS_PER_MS;
      case 10: return n * NS_PER_SEC;
      case 14: return finish(civil(text.slice(0, 4), Number(text.slice(4, 6)), text.slice(6, 8), text.slice(8, 10), text.slice(10, 12), text.slice(12, 14)), zone, {}, false);
      case 8: return finish(civil(text.slice(0, 4), Number(text.slice(4, 6)), text.slice(6, 8)), zone, {}, false);
      case 4: return finish(civil(text, 1, '1'), zone, {}, false);
      default: return undefined;
    }
  }

  let m: RegExpExecArray | null;
  // 2006-01-02[T ]15:04:05[.frac][tail]; also / . : separators.
  m = ISO_RE.exec(text);
  if (m) {
    const tail = parseTail(m[9]);
    if (!tail) return undefined;
    // A bare trailing word after the time is ignored (dateparse keeps it as text).
    return finish(civil(m[1], Number(m[3]), m[4], m[5], m[6], m[7], m[8]), zone, tail, false);
  }
  // 2014年04月08日 [15:04:05]
  m = CHINESE_RE.exec(text);
  if (m) return finish(civil(m[1], Number(m[2]), m[3], m[4], m[5], m[6], m[7]), zone, {}, false);
  // Month first: 03/04/2021 [15:04[:05] [PM]] [tail]
  m = US_RE.exec(text);
  if (m) {
    const year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    const c = civil(year, Number(m[1]), m[2], m[4], m[5], m[6], m[7]);
    const tail = parseTail(m[9]);
    if (!tail || !applyAmPm(c, m[8])) return undefined;
    return finish(c, zone, tail, true);
  }
  // 02.01.2006 [15:04:05]
  m = DOTTED_RE.exec(text);
  if (m) return finish(civil(m[3], Number(m[2]), m[1], m[4], m[5], m[6], m[7]), zone, {}, false);

  const rest = text.replace(WEEKDAY_PREFIX, '');
  // 2 Jan 2006 15:04:05 [tail], 02-Jan-06 15:04:05 MST
  m = DAY_MONTH_RE.exec(rest);
  if (m) {
    const year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    const tail = parseTail(m[8]);
    if (!tail) return undefined;
    return finish(civil(year, monthIndex(m[2]), m[1], m[4], m[5], m[6], m[7]), zone, tail, true);
  }
  // January 2, 2006 [at] [3:04:05 PM] [tail]; December 2th, 2021
  m = MONTH_DAY_RE.exec(rest);
  if (m) {
    const c = civil(m[3], monthIndex(m[1]), m[2], m[4], m[5], m[6], m[7]);
    const tail = parseTail(m[9]);
    if (!tail || !applyAmPm(c, m[8])) return undefined;
    return finish(c, zone, tail, true);
  }
  // Jan 2 15:04:05 [MST|-0700] 2006 (UnixDate, RubyDate, ANSIC)
  m = UNIX_RE.exec(rest);
  if (m) {
    const tail = parseTail(m[7] ?? '');
    if (!tail) return undefined;
    return finish(civil(m[8], monthIndex(m[1]), m[2], m[3], m[4], m[5], m[6]), zone, tail, true);
  }
  return undefined;
}
