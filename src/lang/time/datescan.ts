// The date half of araddon/dateparse (the version Datakit pins, 8aadafe): a scan over
// the text that turns a copy of it into a Go layout by overwriting the parts it
// recognises ("2021-12-02 11:55" -> "2006-01-02 15:04"). Whatever it does not
// overwrite stays literal, so the result follows dateparse character for character.
// Word dates are in datewords.ts, the clock part in timescan.ts.

import { scanAlphaDate } from './datewords';
import { Scan, Scanned, isDigit, isLetter, toBytes } from './layoutscan';
import { scanClock } from './timescan';

/** Decodes the UTF-8 character at byte i of a byte string: [character, byte length]. */
function runeAt(s: string, i: number): [string, number] {
  const b = s.charCodeAt(i);
  const n = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  if (n === 1) return [s[i], 1];
  const ch = Buffer.from(s.slice(i, i + n), 'latin1').toString('utf8');
  // Like Go's utf8.DecodeRuneInString, a broken sequence is one byte of U+FFFD.
  return ch.length > 0 && ch.length <= 2 && !ch.includes('\ufffd') ? [ch, n] : ['\ufffd', 1];
}

// dateparse starts over on an edited text (weekday dropped, "Sept." shortened, "2nd" or a
// comma fixed); a text that needs more restarts than this is not a date worth the time.
const MAX_RESTARTS = 32;

/** dateparse's parseTime: the layout for `datestr`, or undefined when it knows no format for it. */
export function scanDate(datestr: string): Scanned | undefined {
  let text = datestr;
  for (let n = 0; n <= MAX_RESTARTS; n++) {
    const r = scanOnce(text);
    if (typeof r !== 'string') return r;
    text = r;
  }
  return undefined;
}

/** One pass of parseTime: the result, or the edited text to start over with. */
function scanOnce(datestr: string): Scanned | string | undefined {
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
          case '/': case ':': case '.':
            p.date = r === '/' ? 'digitSlash' : r === ':' ? 'digitColon' : 'digitDot';
            if (i === 4) {
              p.yearlen = i;
              p.moi = i + 1;
              p.setYear();
            } else {
              // dd/mm or mm/dd: dateparse takes the month first (and "12.2.2021" is 2 December).
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
        if (typeof next === 'string') return next;
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
    if ('restart' in clock) return clock.restart;
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
