// Go reference-time layouts ("2006-01-02 15:04:05.000 -0700"): parsing as
// time.ParseInLocation does, and formatting as Time.Format does.

import { Civil, MONTHS, WEEKDAYS, ZonedTime, civilToNs, formatOffset, pad, validCivil, wallMs } from './civil';
import type { Zone } from './zone';

type Std =
  | 'January' | 'Jan' | '1' | '01' | 'Monday' | 'Mon' | '2' | '_2' | '02' | '__2' | '002'
  | '15' | '3' | '03' | '4' | '04' | '5' | '05' | '2006' | '06' | 'PM' | 'pm' | 'MST'
  | 'Z070000' | 'Z0700' | 'Z07:00:00' | 'Z07:00' | 'Z07' | '-070000' | '-0700' | '-07:00:00' | '-07:00' | '-07'
  | 'frac0' | 'frac9';

type Tok = { lit: string } | { std: Std; digits?: number; sep?: string };

// Longest first at each starting character, as Go's nextStdChunk does.
const STD_ORDER: Std[] = [
  'January', 'Jan', 'Monday', 'Mon', 'MST', '2006', '002', '01', '02', '03', '04', '05', '06', '15', '1', '2', '__2', '_2',
  '3', '4', '5', 'PM', 'pm',
  'Z07:00:00', 'Z070000', 'Z07:00', 'Z0700', 'Z07', '-07:00:00', '-070000', '-07:00', '-0700', '-07',
];

const cache = new Map<string, Tok[]>();

export function tokenizeLayout(layout: string): Tok[] {
  const hit = cache.get(layout);
  if (hit) return hit;
  const out: Tok[] = [];
  let lit = '';
  let i = 0;
  while (i < layout.length) {
    const c = layout[i];
    if ((c === '.' || c === ',') && (layout[i + 1] === '0' || layout[i + 1] === '9')) {
      const d = layout[i + 1];
      let j = i + 1;
      while (layout[j] === d) j++;
      // A fraction must not be followed by another digit (".000" in "2006.0001" is literal).
      if (!/[0-9]/.test(layout[j] ?? '')) {
        if (lit) { out.push({ lit }); lit = ''; }
        out.push({ std: d === '0' ? 'frac0' : 'frac9', digits: j - i - 1, sep: c });
        i = j;
        continue;
      }
    }
    let matched: Std | undefined;
    for (const s of STD_ORDER) {
      if (layout.startsWith(s, i)) {
        // Go: "Jan"/"Mon" prefixes must not continue with a lowercase letter of another word.
        if ((s === 'Jan' || s === 'Mon') && /[a-z]/.test(layout[i + 3] ?? '')) {
          if (!(s === 'Jan' && layout.startsWith('January', i)) && !(s === 'Mon' && layout.startsWith('Monday', i))) continue;
        }
        if (s === '2006' || s === '01' || s === '02' || s === '06') { /* fine */ }
        matched = s;
        break;
      }
    }
    if (matched) {
      if (lit) { out.push({ lit }); lit = ''; }
      out.push({ std: matched });
      i += matched.length;
      continue;
    }
    lit += c;
    i++;
  }
  if (lit) out.push({ lit });
  cache.set(layout, out);
  return out;
}

export const NAMED_LAYOUTS: Record<string, string> = {
  ANSIC: 'Mon Jan _2 15:04:05 2006',
  UnixDate: 'Mon Jan _2 15:04:05 MST 2006',
  RubyDate: 'Mon Jan 02 15:04:05 -0700 2006',
  RFC822: '02 Jan 06 15:04 MST',
  RFC822Z: '02 Jan 06 15:04 -0700',
  RFC850: 'Monday, 02-Jan-06 15:04:05 MST',
  RFC1123: 'Mon, 02 Jan 2006 15:04:05 MST',
  RFC1123Z: 'Mon, 02 Jan 2006 15:04:05 -0700',
  RFC3339: '2006-01-02T15:04:05Z07:00',
  RFC3339Nano: '2006-01-02T15:04:05.999999999Z07:00',
  Kitchen: '3:04PM',
  Stamp: 'Jan _2 15:04:05',
  StampMilli: 'Jan _2 15:04:05.000',
  StampMicro: 'Jan _2 15:04:05.000000',
  StampNano: 'Jan _2 15:04:05.000000000',
};

function lookupName(value: string, names: string[], len?: number): [number, number] | undefined {
  for (let k = 0; k < names.length; k++) {
    const n = len ? names[k].slice(0, len) : names[k];
    if (value.length >= n.length && value.slice(0, n.length).toLowerCase() === n.toLowerCase()) return [k, n.length];
  }
  return undefined;
}

/** Parse `value` with a Go layout; the zone is used when the text has no offset. Undefined on failure. */
export function parseGoLayout(layout: string, value: string, zone: Zone): bigint | undefined {
  const toks = tokenizeLayout(layout);
  const c: Civil = { year: 1, month: 1, day: 1, hour: 0, minute: 0, second: 0, nanos: 0 };
  let pm: boolean | undefined;
  let offset: number | undefined;
  let abbr: string | undefined;
  let v = value;
  // Reads min..max leading digits from v (no RegExp: this runs once per log line).
  const num = (min: number, max: number): number | undefined => {
    let k = 0;
    let n = 0;
    while (k < max && k < v.length) {
      const d = v.charCodeAt(k) - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
      k++;
    }
    if (k < min) return undefined;
    v = v.slice(k);
    return n;
  };
  for (let ti = 0; ti < toks.length; ti++) {
    const t = toks[ti];
    if ('lit' in t) {
      if (!v.startsWith(t.lit)) {
        // Go skips spaces generously only for _2; otherwise exact.
        return undefined;
      }
      v = v.slice(t.lit.length);
      continue;
    }
    let r: number | undefined;
    switch (t.std) {
      case '2006':
        if (!/^[0-9]{4}/.test(v)) return undefined;
        c.year = Number(v.slice(0, 4)); v = v.slice(4); break;
      case '06':
        if ((r = num(2, 2)) === undefined) return undefined;
        c.year = r >= 69 ? 1900 + r : 2000 + r; break;
      case 'January': case 'Jan': {
        const f = lookupName(v, MONTHS, t.std === 'Jan' ? 3 : undefined);
        if (!f) return undefined;
        c.month = f[0] + 1; v = v.slice(f[1]); break;
      }
      case 'Monday': case 'Mon': {
        const f = lookupName(v, WEEKDAYS, t.std === 'Mon' ? 3 : undefined);
        if (!f) return undefined;
        v = v.slice(f[1]); break;
      }
      case '01': if ((r = num(2, 2)) === undefined) return undefined; c.month = r; break;
      case '1': if ((r = num(1, 2)) === undefined) return undefined; c.month = r; break;
      case '02': if ((r = num(2, 2)) === undefined) return undefined; c.day = r; break;
      case '_2': if (v[0] === ' ') v = v.slice(1); if ((r = num(1, 2)) === undefined) return undefined; c.day = r; break;
      case '2': if ((r = num(1, 2)) === undefined) return undefined; c.day = r; break;
      case '__2': v = v.replace(/^ {1,2}/, ''); if ((r = num(1, 3)) === undefined) return undefined; break;
      case '002': if ((r = num(3, 3)) === undefined) return undefined; break;
      case '15': if ((r = num(1, 2)) === undefined) return undefined; c.hour = r; break;
      case '03': if ((r = num(2, 2)) === undefined || r > 12) return undefined; c.hour = r; break;
      case '3': if ((r = num(1, 2)) === undefined || r > 12) return undefined; c.hour = r; break;
      case '04': if ((r = num(2, 2)) === undefined) return undefined; c.minute = r; break;
      case '4': if ((r = num(1, 2)) === undefined) return undefined; c.minute = r; break;
      case '05': case '5': {
        if ((r = num(t.std === '05' ? 2 : 1, 2)) === undefined) return undefined;
        c.second = r;
        // Go accepts a fractional second after the seconds even if the layout has none.
        const next = toks[ti + 1];
        if (!(next && 'std' in next && (next.std === 'frac0' || next.std === 'frac9'))) {
          const m = /^[.,]([0-9]+)/.exec(v);
          if (m && !(next && 'lit' in next && next.lit.startsWith(m[0].slice(0, 1)) && !/^[.,][0-9]/.test(next.lit))) {
            c.nanos = Number((m[1] + '000000000').slice(0, 9));
            v = v.slice(m[0].length);
          }
        }
        break;
      }
      case 'frac0': case 'frac9': {
        const m = /^[.,]([0-9]+)/.exec(v);
        if (!m) {
          if (t.std === 'frac9') break;
          return undefined;
        }
        if (t.std === 'frac0' && m[1].length !== t.digits) return undefined;
        c.nanos = Number((m[1] + '000000000').slice(0, 9));
        v = v.slice(m[0].length);
        break;
      }
      case 'PM': case 'pm': {
        const s = v.slice(0, 2).toUpperCase();
        if (s !== 'AM' && s !== 'PM') return undefined;
        pm = s === 'PM';
        v = v.slice(2);
        break;
      }
      case 'MST': {
        const m = /^(UTC|GMT(?:[+-][0-9]{1,2})?|[A-Z]{3,5}|ChST|MeST)/.exec(v);
        if (!m) return undefined;
        abbr = m[1];
        v = v.slice(m[1].length);
        break;
      }
      default: {
        // Offsets (-0700 family, Z allowed for the Z variants).
        if (t.std.startsWith('Z') && v[0] === 'Z') { offset = 0; v = v.slice(1); break; }
        const spec = t.std.replace(/^Z/, '-');
        const re = { '-07': /^([+-])([0-9]{2})/, '-0700': /^([+-])([0-9]{2})([0-9]{2})/, '-07:00': /^([+-])([0-9]{2}):([0-9]{2})/, '-070000': /^([+-])([0-9]{2})([0-9]{2})([0-9]{2})/, '-07:00:00': /^([+-])([0-9]{2}):([0-9]{2}):([0-9]{2})/ }[spec];
        const m = re?.exec(v);
        if (!m) return undefined;
        offset = (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0)) * (m[1] === '-' ? -1 : 1);
        v = v.slice(m[0].length);
      }
    }
  }
  if (v.length) return undefined;
  if (pm !== undefined) {
    if (c.hour > 12) return undefined;
    if (pm && c.hour < 12) c.hour += 12;
    else if (!pm && c.hour === 12) c.hour = 0;
  }
  if (!validCivil(c)) return undefined;
  if (offset === undefined && abbr !== undefined) {
    if (abbr === 'UTC') offset = 0;
    else {
      const m = /^GMT([+-][0-9]+)?$/.exec(abbr);
      if (m) offset = Number(m[1] ?? 0) * 3600;
      else {
        // Known only when it is the zone's own abbreviation at that time; else offset 0.
        const guess = zone.wallToUtcMs(wallMs(c.year, c.month, c.day, c.hour, c.minute, c.second));
        offset = zone.abbreviation(guess) === abbr ? zone.offsetAt(guess) : 0;
      }
    }
  }
  return civilToNs(c, zone, offset);
}

export function formatGoLayout(layout: string, t: ZonedTime): string {
  let out = '';
  for (const tok of tokenizeLayout(layout)) {
    if ('lit' in tok) { out += tok.lit; continue; }
    const h12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
    switch (tok.std) {
      case '2006': out += pad(t.year, 4); break;
      case '06': out += pad(t.year % 100, 2); break;
      case 'January': out += MONTHS[t.month - 1]; break;
      case 'Jan': out += MONTHS[t.month - 1].slice(0, 3); break;
      case 'Monday': out += WEEKDAYS[t.weekday]; break;
      case 'Mon': out += WEEKDAYS[t.weekday].slice(0, 3); break;
      case '01': out += pad(t.month, 2); break;
      case '1': out += t.month; break;
      case '02': out += pad(t.day, 2); break;
      case '_2': out += pad(t.day, 2, ' '); break;
      case '2': out += t.day; break;
      case '__2': out += pad(t.yday, 3, ' '); break;
      case '002': out += pad(t.yday, 3); break;
      case '15': out += pad(t.hour, 2); break;
      case '03': out += pad(h12, 2); break;
      case '3': out += h12; break;
      case '04': out += pad(t.minute, 2); break;
      case '4': out += t.minute; break;
      case '05': out += pad(t.second, 2); break;
      case '5': out += t.second; break;
      case 'PM': out += t.hour >= 12 ? 'PM' : 'AM'; break;
      case 'pm': out += t.hour >= 12 ? 'pm' : 'am'; break;
      case 'MST': out += t.abbr; break;
      case 'frac0': out += tok.sep + pad(t.nanos, 9).slice(0, tok.digits); break;
      case 'frac9': {
        const f = pad(t.nanos, 9).slice(0, tok.digits).replace(/0+$/, '');
        if (f) out += tok.sep + f;
        break;
      }
      default: {
        if (tok.std.startsWith('Z') && t.offsetSec === 0) { out += 'Z'; break; }
        const spec = tok.std.replace(/^Z/, '-');
        out += formatOffset(t.offsetSec, spec.includes(':'), spec === '-070000' || spec === '-07:00:00', spec === '-07');
      }
    }
  }
  return out;
}
