// The date half of araddon/dateparse (the version Datakit pins, 8aadafe): a scan over
// the text that turns a copy of it into a Go layout by overwriting the parts it
// recognises ("2021-12-02 11:55" -> "2006-01-02 15:04"). Whatever it does not
// overwrite stays literal, so the result follows dateparse character for character;
// timescan.ts continues with the clock part. Texts are UTF-8 bytes, one per character.

import { scanClock } from './timescan';

const DAYS = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
const FULL_MONTHS = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);

export type DateState =
  | 'start' | 'digit' | 'yearDash' | 'yearDashAlphaDash' | 'yearDashDash' | 'yearDashDashWs' | 'yearDashDashT'
  | 'digitDash' | 'digitDashAlpha' | 'digitDashAlphaDash' | 'digitDot' | 'digitDotDot' | 'digitSlash' | 'digitColon'
  | 'digitChineseYear' | 'digitChineseYearWs' | 'digitWs' | 'digitWsMoYear' | 'digitWsMolong'
  | 'alpha' | 'alphaWs' | 'alphaWsDigit' | 'alphaWsDigitMore' | 'alphaWsDigitMoreWs' | 'alphaWsDigitMoreWsYear'
  | 'alphaWsMonth' | 'alphaWsDigitYearmaybe' | 'alphaWsMonthMore' | 'alphaWsMonthSuffix' | 'alphaWsMore'
  | 'alphaWsAlpha' | 'alphaPeriodWsDigit' | 'weekdayComma' | 'weekdayAbbrevComma';

/** A layout and the text to read with it (in UTC rather than the zone when `utc`), or an instant for bare epoch numbers. */
export type Scanned = { layout: string; text: string; utc?: boolean } | { ns: bigint };

const isLetter = (ch: string) => /\p{L}/u.test(ch);
const isDigit = (ch: string) => /\p{Nd}/u.test(ch);

/** Scan state shared with timescan.ts: positions (byte offsets) and lengths of the parts found. */
export class Scan {
  date: DateState = 'start';
  clock = false;
  utc = false;
  format: string[];
  fullMonth = '';
  skip = 0;
  extra = 0;
  part1Len = 0;
  yeari = 0; yearlen = 0; moi = 0; molen = 0; dayi = 0; daylen = 0;
  houri = 0; hourlen = 0; mini = 0; minlen = 0; seci = 0; seclen = 0; msi = 0; mslen = 0;
  offseti = 0; tzi = 0; tzlen = 0;

  constructor(public datestr: string) {
    this.format = [...datestr];
  }

  nextIs(i: number, ch: string): boolean {
    return this.datestr.length > i + 1 && this.datestr[i + 1] === ch;
  }

  set(start: number, val: string): void {
    if (start < 0 || this.format.length < start + val.length) return;
    for (let k = 0; k < val.length; k++) this.format[start + k] = val[k];
  }

  setMonth(): void {
    if (this.molen === 2) this.set(this.moi, '01');
    else if (this.molen === 1) this.set(this.moi, '1');
  }

  setDay(): void {
    if (this.daylen === 2) this.set(this.dayi, '02');
    else if (this.daylen === 1) this.set(this.dayi, '2');
  }

  setYear(): void {
    if (this.yearlen === 2) this.set(this.yeari, '06');
    else if (this.yearlen === 4) this.set(this.yeari, '2006');
  }

  coalesceDate(end: number): void {
    if (this.yeari > 0) {
      if (this.yearlen === 0) this.yearlen = end - this.yeari;
      this.setYear();
    }
    if (this.moi > 0 && this.molen === 0) {
      this.molen = end - this.moi;
      this.setMonth();
    }
    if (this.dayi > 0 && this.daylen === 0) {
      this.daylen = end - this.dayi;
      this.setDay();
    }
  }

  coalesceTime(end: number): void {
    if (this.houri > 0) {
      if (this.hourlen === 2) this.set(this.houri, '15');
      else if (this.hourlen === 1) this.set(this.houri, '3');
    }
    if (this.mini > 0) {
      if (this.minlen === 0) this.minlen = end - this.mini;
      this.set(this.mini, this.minlen === 2 ? '04' : '4');
    }
    if (this.seci > 0) {
      if (this.seclen === 0) this.seclen = end - this.seci;
      this.set(this.seci, this.seclen === 2 ? '05' : '5');
    }
    if (this.msi > 0) for (let k = 0; k < this.mslen; k++) this.format[this.msi + k] = '0';
  }

  trimExtra(): void {
    if (this.extra > 0 && this.format.length > this.extra) {
      this.format.length = this.extra;
      this.datestr = this.datestr.slice(0, this.extra);
    }
  }

  result(): Scanned {
    let layout = this.format.join('');
    let text = this.datestr;
    if (this.fullMonth && this.moi === 0) layout = 'January' + layout.slice(this.fullMonth.length);
    if (this.skip > 0 && layout.length > this.skip) {
      layout = layout.slice(this.skip);
      text = text.slice(this.skip);
    }
    return this.utc ? { layout, text, utc: true } : { layout, text };
  }
}

/** UTF-8 bytes of a text, one character per byte (what the scan works on). */
export function toBytes(text: string): string {
  return /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, 'utf8').toString('latin1');
}

/** Decodes the UTF-8 character at byte i of a byte string: [character, byte length]. */
function runeAt(s: string, i: number): [string, number] {
  const b = s.charCodeAt(i);
  const n = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  if (n === 1) return [s[i], 1];
  return [Buffer.from(s.slice(i, i + n), 'latin1').toString('utf8'), n];
}

/** dateparse's parseTime: the layout for `datestr`, or undefined when it knows no format for it. */
export function scanDate(datestr: string): Scanned | undefined {
  const p = new Scan(datestr);
  let i = 0;
  date: for (; i < datestr.length; i++) {
    const [r, width] = runeAt(datestr, i);
    i += width - 1;
    switch (p.date) {
      case 'start':
        if (isDigit(r)) p.date = 'digit';
        else if (isLetter(r)) p.date = 'alpha';
        else return undefined;
        break;
      case 'digit': {
        switch (r) {
          case '-': case '\u2212':
            if (i === 4) {
              p.date = 'yearDash';
              p.yeari = 0;
              p.yearlen = i;
              p.moi = i + 1;
              p.set(0, '2006');
            } else p.date = 'digitDash';
            break;
          case '/': case ':':
            p.date = r === '/' ? 'digitSlash' : 'digitColon';
            if (i === 4) {
              p.yearlen = i;
              p.moi = i + 1;
              p.setYear();
            } else if (p.molen === 0) {
              // Month first where day and month are ambiguous.
              p.molen = i;
              p.setMonth();
              p.dayi = i + 1;
            }
            break;
          case '.':
            p.date = 'digitDot';
            if (i === 4) {
              p.yearlen = i;
              p.moi = i + 1;
              p.setYear();
            } else {
              p.moi = 0;
              p.molen = i;
              p.setMonth();
              p.dayi = i + 1;
            }
            break;
          case ' ':
            p.date = 'digitWs';
            p.dayi = 0;
            p.daylen = i;
            break;
          case '年':
            p.date = 'digitChineseYear';
            break;
          case ',':
            return undefined;
          default:
            continue date;
        }
        p.part1Len = i;
        break;
      }
      case 'yearDash':
        if (r === '-') {
          p.molen = i - p.moi;
          p.dayi = i + 1;
          p.date = 'yearDashDash';
          p.setMonth();
        } else if (isLetter(r)) p.date = 'yearDashAlphaDash';
        break;
      case 'yearDashDash':
        if (r === ' ' || r === 'T') {
          p.daylen = i - p.dayi;
          p.date = r === ' ' ? 'yearDashDashWs' : 'yearDashDashT';
          p.clock = true;
          p.setDay();
          break date;
        }
        break;
      case 'yearDashAlphaDash':
        if (r === '-') {
          p.molen = i - p.moi;
          p.set(p.moi, 'Jan');
          p.dayi = i + 1;
        }
        break;
      case 'digitDash':
        if (!isLetter(r)) return undefined;
        p.date = 'digitDashAlpha';
        p.moi = i;
        break;
      case 'digitDashAlpha':
        if (r === '-') {
          p.molen = i - p.moi;
          p.set(p.moi, 'Jan');
          p.yeari = i + 1;
          p.date = 'digitDashAlphaDash';
        }
        break;
      case 'digitDashAlphaDash':
        if (r === ' ') {
          dayMonthYear(p, i - (p.moi + p.molen + 1));
          p.clock = true;
          break date;
        }
        break;
      case 'digitSlash': case 'digitColon': {
        const sep = p.date === 'digitSlash' ? '/' : ':';
        if (r === ' ') {
          p.clock = true;
          if (p.yearlen === 0) {
            p.yearlen = i - p.yeari;
            p.setYear();
          } else if (p.daylen === 0) {
            p.daylen = i - p.dayi;
            p.setDay();
          }
          break date;
        }
        if (r === sep) {
          if (p.yearlen > 0) {
            if (p.molen === 0) {
              p.molen = i - p.moi;
              p.setMonth();
              p.dayi = i + 1;
            }
          } else if (p.daylen === 0) {
            p.daylen = i - p.dayi;
            p.setDay();
            p.yeari = i + 1;
          }
        }
        break;
      }
      case 'digitWs':
        if (r === ' ') {
          p.yeari = i + 1;
          p.dayi = 0;
          p.daylen = p.part1Len;
          p.setDay();
          p.clock = true;
          if (i > p.daylen + ' Sep'.length) p.date = 'digitWsMolong';
          else {
            p.moi = p.daylen + 1;
            p.molen = i - p.moi;
            p.set(p.moi, 'Jan');
            p.date = 'digitWsMoYear';
          }
        }
        break;
      case 'digitWsMoYear':
        if (r === ',' || r === ' ') {
          p.yearlen = i - p.yeari;
          p.setYear();
          if (r === ',') i++;
          break date;
        }
        break;
      case 'digitChineseYear':
        if (r === ' ') p.date = 'digitChineseYearWs';
        break;
      case 'digitDot':
        if (r === '.') {
          if (p.moi === 0) {
            p.daylen = i - p.dayi;
            p.yeari = i + 1;
            p.setDay();
          } else {
            p.molen = i - p.moi;
            p.dayi = i + 1;
            p.setMonth();
          }
          p.date = 'digitDotDot';
        }
        break;
      case 'digitWsMolong': case 'digitDotDot':
        break;
      default: {
        const next = scanAlphaDate(p, datestr, i, r);
        if (next === 'fail') return undefined;
        if (typeof next === 'string') return scanDate(next);
        if (typeof next === 'object') {
          i = next.stop;
          break date;
        }
        i = next;
      }
    }
  }
  p.coalesceDate(i);
  if (p.clock) {
    const clock = scanClock(p, datestr, i);
    if ('restart' in clock) return scanDate(clock.restart);
    i = clock.end;
  }
  return finishDate(p, datestr, i);
}

/** dd-Mon-yyyy or dd-Mon-yy (taken as day first) once the year's length is known. */
function dayMonthYear(p: Scan, yearLength: number): void {
  if (yearLength !== 4 && yearLength !== 2) return;
  p.yearlen = yearLength;
  p.set(p.yeari, yearLength === 4 ? '2006' : '06');
  p.dayi = 0;
  p.daylen = p.part1Len;
  p.setDay();
}

/**
 * The alphabetic date states (and the states that end the date scan): the index to go on
 * from, a text to start over with, where the date part stops, or 'fail'.
 */
function scanAlphaDate(p: Scan, datestr: string, i: number, r: string): number | string | { stop: number } | 'fail' {
  switch (p.date) {
    case 'alpha':
      if (r === ' ') {
        if (i > 3) {
          const month = datestr.slice(0, i).toLowerCase();
          if (FULL_MONTHS.has(month)) {
            p.fullMonth = month;
            p.date = datestr.length - i < 10 ? 'alphaWsMonth' : 'alphaWsMore';
            p.dayi = i + 1;
          }
        } else {
          // A leading weekday is dropped and the rest scanned on its own.
          if (DAYS.has(datestr.slice(0, i).toLowerCase())) return datestr.slice(i + 1);
          p.date = 'alphaWs';
        }
      } else if (r === ',') {
        if (i === 3) {
          p.date = 'weekdayAbbrevComma';
          p.set(0, 'Mon');
        } else {
          p.date = 'weekdayComma';
          p.skip = i + 2;
          i++;
        }
      } else if (r === '.') {
        p.date = 'alphaPeriodWsDigit';
        if (i === 3) {
          p.molen = i;
          p.set(0, 'Jan');
        } else if (i === 4) {
          // "Sept." is read as "Sep."
          return datestr.slice(0, i - 1) + datestr.slice(i);
        } else return 'fail';
      }
      return i;
    case 'alphaWs':
      if (isLetter(r)) {
        p.set(0, 'Mon');
        p.date = 'alphaWsAlpha';
        p.set(i, 'Jan');
      } else if (isDigit(r)) {
        p.set(0, 'Jan');
        p.date = 'alphaWsDigit';
        p.dayi = i;
      }
      return i;
    case 'alphaWsDigit':
      if (r === ',') {
        p.daylen = i - p.dayi;
        p.setDay();
        p.date = 'alphaWsDigitMore';
      } else if (r === ' ') {
        p.daylen = i - p.dayi;
        p.setDay();
        p.yeari = i + 1;
        p.date = 'alphaWsDigitYearmaybe';
        p.clock = true;
      } else if (isLetter(r)) {
        p.date = 'alphaWsMonthSuffix';
        i--;
      }
      return i;
    case 'alphaWsDigitYearmaybe':
      if (r === ':') {
        // Not a year after all but the hour: the clock starts back there.
        p.date = 'alphaWsDigit';
        p.yeari = 0;
        return { stop: i - 3 };
      }
      if (r === ' ') {
        p.yearlen = i - p.yeari;
        p.setYear();
        return { stop: i };
      }
      return i;
    case 'alphaWsDigitMore':
      if (r === ' ') {
        p.yeari = i + 1;
        p.date = 'alphaWsDigitMoreWs';
      }
      return i;
    case 'alphaWsDigitMoreWs':
      if (r === '\'') p.yeari = i + 1;
      else if (r === ' ' || r === ',') {
        p.date = 'alphaWsDigitMoreWsYear';
        p.yearlen = i - p.yeari;
        p.setYear();
        p.clock = true;
        return { stop: i };
      }
      return i;
    case 'alphaWsMonth':
      if (r === ' ' || r === ',') {
        if (p.daylen === 0) {
          p.daylen = i - p.dayi;
          p.setDay();
        }
      } else if ('sSrRtTnN'.includes(r)) {
        p.date = 'alphaWsMonthSuffix';
        i--;
      } else if (p.daylen > 0 && p.yeari === 0) p.yeari = i;
      return i;
    case 'alphaWsMonthMore':
      if (r === ',' || r === ' ') {
        p.yearlen = i - p.yeari;
        p.setYear();
        p.clock = true;
        return { stop: r === ',' ? i + 1 : i };
      }
      return i;
    case 'alphaWsMonthSuffix':
      return dropSuffix(p, datestr, i, r) ?? i;
    case 'alphaWsMore':
      if (r === ',') {
        if (p.nextIs(i, ' ')) {
          p.daylen = i - p.dayi;
          p.setDay();
          p.yeari = i + 2;
          p.date = 'alphaWsMonthMore';
          i++;
        }
      } else if (r === ' ') {
        p.daylen = i - p.dayi;
        p.setDay();
        p.yeari = i + 1;
        p.date = 'alphaWsMonthMore';
      } else if (isLetter(r)) {
        p.daylen = i - p.dayi;
        p.setDay();
        p.date = 'alphaWsMonthSuffix';
        i--;
      }
      return i;
    case 'alphaPeriodWsDigit':
      if (r === ' ') return i;
      if (!isDigit(r)) return 'fail';
      p.date = 'alphaWsDigit';
      p.dayi = i;
      return i;
    case 'weekdayComma':
      if (p.dayi === 0) p.dayi = i;
      if (r === ' ' || r === '-') {
        if (p.moi === 0) {
          p.moi = i + 1;
          p.daylen = i - p.dayi;
          p.setDay();
        } else if (p.yeari === 0) {
          p.yeari = i + 1;
          p.molen = i - p.moi;
          p.set(p.moi, 'Jan');
        } else {
          p.clock = true;
          return { stop: i };
        }
      }
      return i;
    case 'weekdayAbbrevComma':
      if (r === ' ' || r === '-') {
        if (p.dayi === 0) p.dayi = i + 1;
        else if (p.moi === 0) {
          p.daylen = i - p.dayi;
          p.setDay();
          p.moi = i + 1;
        } else if (p.yeari === 0) {
          p.molen = i - p.moi;
          p.set(p.moi, 'Jan');
          p.yeari = i + 1;
        } else {
          p.yearlen = i - p.yeari;
          p.setYear();
          p.clock = true;
          return { stop: i };
        }
      }
      return i;
    default:
      // States dateparse has no rule for end the date part here.
      return { stop: i };
  }
}

/** "2nd", "1st", "3rd", "4th" after a day: the text without the suffix, to scan again. */
function dropSuffix(p: Scan, datestr: string, i: number, r: string): string | undefined {
  const second = { t: 'hH', n: 'dD', s: 'tT', r: 'dD' }[r.toLowerCase()];
  if (!second || !(p.nextIs(i, second[0]) || p.nextIs(i, second[1])) || datestr.length <= i + 2) return undefined;
  return p.datestr.slice(0, i) + p.datestr.slice(i + 2);
}

/** The end of dateparse's parseTime: which date states make a layout, plus the epoch-number shapes. */
function finishDate(p: Scan, datestr: string, i: number): Scanned | undefined {
  switch (p.date) {
    case 'digit': return epochOrDigits(p, datestr);
    case 'yearDashAlphaDash':
      p.daylen = i - p.dayi;
      p.setDay();
      return p.result();
    case 'digitDashAlphaDash':
      dayMonthYear(p, datestr.length - (p.moi + p.molen + 1));
      return p.result();
    case 'digitDot':
      p.molen = i - p.moi;
      p.setMonth();
      return p.result();
    case 'digitWsMolong':
      return { ...p.result(), layout: p.daylen === 2 ? '02 January 2006' : '2 January 2006', text: p.datestr };
    case 'alphaWsMonth': case 'alphaWsDigitMoreWs':
      p.yearlen = i - p.yeari;
      p.setYear();
      return p.result();
    case 'digitChineseYear': case 'digitChineseYearWs':
      return { layout: toBytes(p.date === 'digitChineseYear' ? '2006年01月02日' : '2006年01月02日 15:04:05'), text: p.datestr };
    case 'yearDash': case 'yearDashDash': case 'yearDashDashWs': case 'yearDashDashT': case 'digitDotDot':
    case 'digitWsMoYear': case 'alphaWsMonthMore': case 'alphaWsDigitMoreWsYear': case 'alphaWsAlpha':
    case 'alphaWsDigit': case 'alphaWsDigitYearmaybe': case 'digitSlash': case 'digitColon':
    case 'weekdayComma': case 'weekdayAbbrevComma':
      return p.result();
    default:
      return undefined;
  }
}

/** All digits: epoch seconds/ms/us/ns by length, or yyyyMMdd[hhmmss] / yyyy layouts. */
function epochOrDigits(p: Scan, datestr: string): Scanned | undefined {
  const scale: Record<number, bigint> = { 19: 1n, 16: 1000n, 13: 1000000n, 10: 1000000000n };
  const layouts: Record<number, string> = { 14: '20060102150405', 8: '20060102', 4: '2006' };
  const n = datestr.length;
  if (layouts[n]) return { layout: layouts[n], text: p.datestr };
  if (!scale[n] || !/^[0-9]+$/.test(datestr)) return undefined;
  const v = BigInt(datestr);
  // Go's strconv.ParseInt: beyond int64 it is not a number.
  if (v > 9223372036854775807n) return undefined;
  return { ns: v * scale[n] };
}
