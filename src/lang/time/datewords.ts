// The date states of araddon/dateparse that start with a word: month names ("Dec 2, 2021",
// "December 02, 2021 at 11:55am"), weekdays ("Tue, 02 Dec 2021"), "Sept.", day suffixes.

import { Scan, isDigit, isLetter } from './layoutscan';

const DAYS = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
const FULL_MONTHS = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);

/**
 * The alphabetic date states (and the states that end the date scan): the index to go on
 * from, a text to start over with, where the date part stops, or 'fail'.
 */
export function scanAlphaDate(p: Scan, datestr: string, i: number, r: string): number | string | { stop: number } | 'fail' {
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
      // In states without rules of their own, dateparse ends the date part here.
      return { stop: i };
  }
}

/** "2nd", "1st", "3rd", "4th" after a day: the text without the suffix, to scan again. */
function dropSuffix(p: Scan, datestr: string, i: number, r: string): string | undefined {
  const second = { t: 'hH', n: 'dD', s: 'tT', r: 'dD' }[r.toLowerCase()];
  if (!second || !(p.nextIs(i, second[0]) || p.nextIs(i, second[1])) || datestr.length <= i + 2) return undefined;
  return p.datestr.slice(0, i) + p.datestr.slice(i + 2);
}

