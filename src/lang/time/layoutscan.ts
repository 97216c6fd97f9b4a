// The layout araddon/dateparse builds while it scans a date text: a copy of the text in
// which recognised parts are overwritten with Go layout chunks, and where they were found.
// Texts are UTF-8 bytes, one per character, as dateparse indexes them.

export type DateState =
  | 'start' | 'digit' | 'yearDash' | 'yearDashAlphaDash' | 'yearDashDash' | 'yearDashDashWs' | 'yearDashDashT'
  | 'digitDash' | 'digitDashAlpha' | 'digitDashAlphaDash' | 'digitDot' | 'digitDotDot' | 'digitSlash' | 'digitColon'
  | 'digitChineseYear' | 'digitChineseYearWs' | 'digitWs' | 'digitWsMoYear' | 'digitWsMolong'
  | 'alpha' | 'alphaWs' | 'alphaWsDigit' | 'alphaWsDigitMore' | 'alphaWsDigitMoreWs' | 'alphaWsDigitMoreWsYear'
  | 'alphaWsMonth' | 'alphaWsDigitYearmaybe' | 'alphaWsMonthMore' | 'alphaWsMonthSuffix' | 'alphaWsMore'
  | 'alphaWsAlpha' | 'alphaPeriodWsDigit' | 'weekdayComma' | 'weekdayAbbrevComma';

/** A layout and the text to read with it (in UTC rather than the zone when `utc`), or an instant for bare epoch numbers. */
export type Scanned = { layout: string; text: string; utc?: boolean } | { ns: bigint };

/** Go's unicode.IsLetter / unicode.IsDigit on one character. */
export const isLetter = (ch: string): boolean => /\p{L}/u.test(ch);
export const isDigit = (ch: string): boolean => /\p{Nd}/u.test(ch);

/** The layout being built: positions (byte offsets) and lengths of the parts found so far. */
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

