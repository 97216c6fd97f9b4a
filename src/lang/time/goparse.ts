// Parsing with a Go layout as time.ParseInLocation does it, quirks included, because
// Datakit's default_time builds layouts out of the input text itself (see datescan.ts)
// and the answer depends on how Go reads every leftover character: a run of spaces
// matches any run, "UTC" wins over a numeric offset after it, an unknown zone
// abbreviation reads the wall time as UTC, "am" is literal text while "AM"/"PM" and "pm" are not.

import { MONTHS, WEEKDAYS, civilToNs, daysIn, wallMs } from './civil';
import { Tok, tokenizeLayout } from './layoutchunks';
import type { Zone } from './zone';

const SHORT_MONTHS = MONTHS.map((m) => m.slice(0, 3));
const SHORT_DAYS = WEEKDAYS.map((d) => d.slice(0, 3));

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** Case-insensitive prefix match of a name table (Go's lookup); [index, rest] or undefined. */
function lookup(names: string[], v: string): [number, string] | undefined {
  for (let k = 0; k < names.length; k++) {
    const n = names[k];
    if (v.length >= n.length && v.slice(0, n.length).toLowerCase() === n.toLowerCase()) return [k, v.slice(n.length)];
  }
  return undefined;
}

/** One or two digits (exactly two when fixed): [value, rest]. */
function getnum(v: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(v, 0)) return undefined;
  if (!isDigit(v, 1)) return fixed ? undefined : [v.charCodeAt(0) - 48, v.slice(1)];
  return [(v.charCodeAt(0) - 48) * 10 + v.charCodeAt(1) - 48, v.slice(2)];
}

/** Go's atoi: optional sign, then digits to the end. */
function atoi(s: string): number | undefined {
  return /^[+-]?[0-9]+$/.test(s) ? Number(s) : undefined;
}

/** A fraction ".ddd" of `n` bytes (separator included) as nanoseconds; digits past the ninth are dropped. */
function nanos(v: string, n: number): number | undefined {
  if (v[0] !== '.' && v[0] !== ',') return undefined;
  const len = Math.min(n, 10);
  const x = atoi(v.slice(1, len));
  if (x === undefined || x < 0) return undefined;
  return x * 10 ** (10 - len);
}

/** Leading text looks like a zone abbreviation (Go's parseTimeZone): its length, or 0. */
function zoneNameLength(v: string): number {
  if (v.length < 3) return 0;
  if (v.startsWith('ChST') || v.startsWith('MeST')) return 4;
  if (v.startsWith('GMT')) return 3 + signedOffsetLength(v.slice(3));
  if (v[0] === '+' || v[0] === '-') return signedOffsetLength(v);
  let upper = 0;
  while (upper < 6 && upper < v.length && v.charCodeAt(upper) >= 65 && v.charCodeAt(upper) <= 90) upper++;
  if (upper === 3) return 3;
  if (upper === 4 && (v[3] === 'T' || v.startsWith('WITA'))) return 4;
  if (upper === 5 && v[4] === 'T') return 5;
  return 0;
}

/** "+3", "-07": a sign and an hour up to 23; its length, or 0. */
function signedOffsetLength(v: string): number {
  const m = /^[+-]([0-9]+)/.exec(v);
  return m && Number(m[1]) <= 23 ? m[0].length : 0;
}

/** A numeric zone offset for a -0700 style chunk: [seconds east, rest] or undefined. */
function numericOffset(std: string, v: string): [number, string] | undefined {
  const colon = std.includes(':');
  const parts = std.endsWith('07') ? 1 : std.length >= 7 ? 3 : 2;
  const width = 1 + parts * 2 + (colon ? parts - 1 : 0);
  if (v.length < width) return undefined;
  if (colon && (v[3] !== ':' || (parts === 3 && v[6] !== ':'))) return undefined;
  const digits = colon ? v.slice(1, width).replace(/:/g, '') : v.slice(1, width);
  let secs = 0;
  for (let k = 0; k < parts; k++) {
    const n = getnum(digits.slice(2 * k, 2 * k + 2), true);
    // Go accepts up to 24 hours and 60 minutes or seconds.
    if (!n || n[0] > (k === 0 ? 24 : 60)) return undefined;
    secs = secs * 60 + n[0];
  }
  if (v[0] === '-') secs = -secs;
  else if (v[0] !== '+') return undefined;
  return [secs * 60 ** (3 - parts), v.slice(width)];
}

/** Go's skip: the literal prefix, where any run of spaces matches any run of spaces. */
function skipLiteral(v: string, lit: string): string | undefined {
  let i = 0;
  let j = 0;
  while (i < lit.length) {
    if (lit[i] === ' ') {
      if (j < v.length && v[j] !== ' ') return undefined;
      while (i < lit.length && lit[i] === ' ') i++;
      while (j < v.length && v[j] === ' ') j++;
      continue;
    }
    if (j >= v.length || v[j] !== lit[i]) return undefined;
    i++;
    j++;
  }
  return v.slice(j);
}

/** Month and day of a day of the year, or undefined when out of range. */
function monthDayOf(year: number, yday: number): [number, number] | undefined {
  if (yday < 1 || yday > (daysIn(year, 2) === 29 ? 366 : 365)) return undefined;
  let month = 1;
  let left = yday;
  while (left > daysIn(year, month)) left -= daysIn(year, month++);
  return [month, left];
}

function nextStd(toks: Tok[], from: number): string | undefined {
  for (let k = from; k < toks.length; k++) {
    const t = toks[k];
    if ('std' in t) return t.std;
  }
  return undefined;
}

/** ns since the epoch of `value` read with a Go layout; text without a zone is in `zone`. Undefined if Go would fail. */
export function parseGoLayout(layout: string, value: string, zone: Zone): bigint | undefined {
  const toks = tokenizeLayout(layout);
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let nsec = 0;
  let am = false;
  let pm = false;
  let utc = false;
  let offset: number | undefined;
  let zoneName = '';
  let v = value;
  for (let ti = 0; ti < toks.length; ti++) {
    const t = toks[ti];
    if ('lit' in t) {
      const rest = skipLiteral(v, t.lit);
      if (rest === undefined) return undefined;
      v = rest;
      continue;
    }
    let r: [number, string] | undefined;
    switch (t.std) {
      case '06': {
        if (v.length < 2) return undefined;
        const y = atoi(v.slice(0, 2));
        if (y === undefined) return undefined;
        year = y >= 69 ? 1900 + y : 2000 + y;
        v = v.slice(2);
        break;
      }
      case '2006': {
        if (v.length < 4 || !isDigit(v, 0)) return undefined;
        const y = atoi(v.slice(0, 4));
        if (y === undefined) return undefined;
        year = y;
        v = v.slice(4);
        break;
      }
      case 'Jan': case 'January':
        if (!(r = lookup(t.std === 'Jan' ? SHORT_MONTHS : MONTHS, v))) return undefined;
        month = r[0] + 1;
        v = r[1];
        break;
      case 'Mon': case 'Monday':
        if (!(r = lookup(t.std === 'Mon' ? SHORT_DAYS : WEEKDAYS, v))) return undefined;
        v = r[1];
        break;
      case '1': case '01':
        if (!(r = getnum(v, t.std === '01')) || r[0] < 1 || r[0] > 12) return undefined;
        [month, v] = r;
        break;
      case '2': case '_2': case '02':
        if (t.std === '_2' && v[0] === ' ') v = v.slice(1);
        if (!(r = getnum(v, t.std === '02'))) return undefined;
        [day, v] = r;
        break;
      case '__2': case '002': {
        if (t.std === '__2') v = v.replace(/^ {1,2}/, '');
        const m = /^[0-9]{1,3}/.exec(v);
        if (!m || (t.std === '002' && m[0].length !== 3)) return undefined;
        yday = Number(m[0]);
        v = v.slice(m[0].length);
        break;
      }
      case '15':
        if (!(r = getnum(v, false)) || r[0] >= 24) return undefined;
        [hour, v] = r;
        break;
      case '3': case '03':
        if (!(r = getnum(v, t.std === '03')) || r[0] > 12) return undefined;
        [hour, v] = r;
        break;
      case '4': case '04':
        if (!(r = getnum(v, t.std === '04')) || r[0] >= 60) return undefined;
        [minute, v] = r;
        break;
      case '5': case '05': {
        if (!(r = getnum(v, t.std === '05')) || r[0] >= 60) return undefined;
        [second, v] = r;
        // A fraction after the seconds is read even when the layout has none after them.
        if (v.length >= 2 && (v[0] === '.' || v[0] === ',') && isDigit(v, 1)) {
          const next = nextStd(toks, ti + 1);
          if (next === 'frac0' || next === 'frac9') break;
          let n = 2;
          while (n < v.length && isDigit(v, n)) n++;
          const ns = nanos(v, n);
          if (ns === undefined) return undefined;
          nsec = ns;
          v = v.slice(n);
        }
        break;
      }
      case 'PM': case 'pm': {
        const p = v.slice(0, 2);
        if (p === (t.std === 'PM' ? 'PM' : 'pm')) pm = true;
        else if (p === (t.std === 'PM' ? 'AM' : 'am')) am = true;
        else return undefined;
        v = v.slice(2);
        break;
      }
      case 'MST': {
        if (v.startsWith('UTC')) {
          utc = true;
          v = v.slice(3);
          break;
        }
        const n = zoneNameLength(v);
        if (n === 0) return undefined;
        zoneName = v.slice(0, n);
        v = v.slice(n);
        break;
      }
      case 'frac0': {
        const n = 1 + (t.digits ?? 0);
        if (v.length < n) return undefined;
        const ns = nanos(v, n);
        if (ns === undefined) return undefined;
        nsec = ns;
        v = v.slice(n);
        break;
      }
      case 'frac9': {
        if (v.length < 2 || (v[0] !== '.' && v[0] !== ',') || !isDigit(v, 1)) break;
        let n = 1;
        while (n < v.length && isDigit(v, n)) n++;
        nsec = nanos(v, n) as number;
        v = v.slice(n);
        break;
      }
      default: {
        if (t.std[0] === 'Z' && v[0] === 'Z') {
          utc = true;
          v = v.slice(1);
          break;
        }
        const o = numericOffset(t.std, v);
        if (!o) return undefined;
        [offset, v] = o;
      }
    }
  }
  if (v.length) return undefined;
  if (pm && hour < 12) hour += 12;
  else if (am && hour === 12) hour = 0;
  if (yday >= 0) {
    const md = monthDayOf(year, yday);
    if (!md || (month >= 0 && month !== md[0]) || (day >= 0 && day !== md[1])) return undefined;
    [month, day] = md;
  }
  if (month < 0) month = 1;
  if (day < 0) day = 1;
  if (day < 1 || day > daysIn(year, month)) return undefined;
  const c = { year, month, day, hour, minute, second, nanos: nsec };
  if (utc) return civilToNs(c, zone, 0);
  // Go marks "no offset" with -1, so an offset of exactly -1 s ("-000001") counts as none.
  if (offset !== undefined && offset !== -1) return civilToNs(c, zone, offset);
  if (zoneName !== '') {
    const known = zone.offsetOfAbbreviation(zoneName, wallMs(year, month, day, hour, minute, second));
    // A name the zone never used: Go makes up a zone for it and keeps the wall time as UTC
    // (for "GMT+8" too: the made-up zone shows +8 but the instant is not shifted).
    return civilToNs(c, zone, known ?? 0);
  }
  return civilToNs(c, zone);
}
