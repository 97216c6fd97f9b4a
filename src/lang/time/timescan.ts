// The clock half of araddon/dateparse 8aadafe (see datescan.ts): after the date part,
// marks hour, minute, second, fraction, AM/PM, offsets and zone names in the layout.
// Its gaps are part of the behaviour: a zone name or offset the scan does not mark
// stays literal text, and Go then ignores it (the local zone applies).

import { type Scan, isDigit, isLetter } from './layoutscan';

type ClockState =
  | 'start' | 'ws' | 'wsAlpha' | 'wsAlphaWs' | 'wsAlphaZoneOffset' | 'wsAlphaZoneOffsetWs' | 'wsAlphaZoneOffsetWsYear'
  | 'wsAlphaZoneOffsetWsExtra' | 'wsAMPMMaybe' | 'wsAMPM' | 'wsOffset' | 'wsOffsetWs' | 'wsOffsetColonAlpha' | 'wsOffsetColon'
  | 'wsYear' | 'offset' | 'offsetColon' | 'period' | 'periodOffset' | 'periodOffsetColon' | 'periodOffsetColonWs' | 'periodWs'
  | 'periodWsAlpha' | 'periodWsOffset' | 'periodWsOffsetWsAlpha' | 'periodWsOffsetColon' | 'periodWsOffsetColonAlpha' | 'z' | 'zDigit';

/** Scans the clock from byte i; returns a text to scan again from scratch, or the index where it stopped. */
export function scanClock(p: Scan, datestr: string, i: number): { restart: string } | { end: number } {
  if (i < p.datestr.length) i++;
  while (i < datestr.length && datestr[i] === ' ') i++;
  let state: ClockState = 'start';
  scan: for (; i < datestr.length; i++) {
    const r = datestr[i];
    switch (state) {
      case 'start':
        if (p.houri === 0) p.houri = i;
        switch (r) {
          case ',':
            // Go does not read "08:20:13,787"; dateparse retries with a period.
            return { restart: p.datestr.slice(0, i) + '.' + p.datestr.slice(i + 1) };
          case '-': case '+':
            state = 'offset';
            if (p.seci === 0) p.minlen = i - p.mini;
            else p.seclen = i - p.seci;
            p.offseti = i;
            break;
          case '.':
            state = 'period';
            p.seclen = i - p.seci;
            p.msi = i + 1;
            break;
          case 'Z':
            state = 'z';
            if (p.seci === 0) p.minlen = i - p.mini;
            else p.seclen = i - p.seci;
            // Zulu: the text is read in UTC (the Z itself stays literal in the layout).
            p.utc = true;
            break;
          case 'a': case 'A':
            if (p.nextIs(i, 't') || p.nextIs(i, 'T')) {
              // "at" before the clock: skipped, the hour starts after it.
              i++;
              if (p.nextIs(i, ' ')) {
                i++;
                p.houri = 0;
              }
            } else if (r === 'a' && p.nextIs(i, 'm')) {
              p.coalesceTime(i);
              p.set(i, 'am');
            } else if (r === 'A' && p.nextIs(i, 'M')) {
              p.coalesceTime(i);
              p.set(i, 'PM');
            }
            break;
          case 'p': case 'P':
            if (p.nextIs(i, r === 'p' ? 'm' : 'M')) {
              p.coalesceTime(i);
              p.set(i, r === 'p' ? 'pm' : 'PM');
            }
            break;
          case ' ':
            p.coalesceTime(i);
            state = 'ws';
            break;
          case ':':
            if (p.mini === 0) {
              p.mini = i + 1;
              p.hourlen = i - p.houri;
            } else if (p.seci === 0) {
              p.seci = i + 1;
              p.minlen = i - p.mini;
            }
            break;
        }
        break;
      case 'offset':
        if (r === ':') state = 'offsetColon';
        break;
      case 'ws':
        if (r === 'A' || r === 'P') {
          p.tzi = i;
          state = 'wsAMPMMaybe';
        } else if (r === '+' || r === '-') {
          p.offseti = i;
          state = 'wsOffset';
        } else if (isLetter(r)) {
          p.tzi = i;
          state = 'wsAlpha';
        } else if (isDigit(r)) {
          state = 'wsYear';
          p.yeari = i;
        }
        break;
      case 'wsAlpha':
        if (r === '+' || r === '-' || r === ' ') {
          markZoneName(p, i - p.tzi);
          if (r === ' ') {
            state = 'wsAlphaWs';
            p.yeari = i + 1;
          } else {
            state = 'wsAlphaZoneOffset';
            p.offseti = i;
          }
        }
        break;
      case 'wsAlphaZoneOffset':
        if (r === ' ') {
          p.set(p.offseti, '-0700');
          if (p.yeari === 0) p.yeari = i + 1;
          state = 'wsAlphaZoneOffsetWs';
        }
        break;
      case 'wsAlphaZoneOffsetWs':
        if (isDigit(r)) state = 'wsAlphaZoneOffsetWsYear';
        else {
          p.extra = i - 1;
          state = 'wsAlphaZoneOffsetWsExtra';
        }
        break;
      case 'wsAlphaZoneOffsetWsYear':
        if (isDigit(r)) {
          p.yearlen = i - p.yeari + 1;
          if (p.yearlen === 4) p.setYear();
        }
        break;
      case 'wsAMPMMaybe':
        if (r === 'M') {
          state = 'wsAMPM';
          p.set(i - 1, 'PM');
          if (p.hourlen === 2) p.set(p.houri, '03');
          else if (p.hourlen === 1) p.set(p.houri, '3');
        } else state = 'wsAlpha';
        break;
      case 'wsOffset':
        if (r === ':') state = 'wsOffsetColon';
        else if (r === ' ') {
          p.set(p.offseti, '-0700');
          p.yeari = i + 1;
          state = 'wsOffsetWs';
        }
        break;
      case 'wsOffsetWs':
        if (r === '=') {
          // Go's own Time.String() tail " m=+0.000000001" is cut off.
          if (datestr[i - 1] === 'm') {
            p.extra = i - 2;
            p.trimExtra();
          }
        } else if (r === '+' || r === '-') {
          // A second offset ("+0300 +03") is cut off too.
          p.extra = i - 1;
          state = 'wsOffset';
          p.trimExtra();
        } else if (isDigit(r)) {
          p.yearlen = i - p.yeari + 1;
          if (p.yearlen === 4) p.setYear();
        } else if (isLetter(r) && p.tzi === 0) p.tzi = i;
        break;
      case 'wsOffsetColon':
        if (isLetter(r)) {
          state = 'wsOffsetColonAlpha';
          break scan;
        }
        break;
      case 'period':
        if (r === ' ') {
          p.mslen = i - p.msi;
          state = 'periodWs';
        } else if (r === '+' || r === '-') {
          p.mslen = i - p.msi;
          p.offseti = i;
          state = 'periodOffset';
        } else if (isLetter(r)) {
          p.mslen = i - p.msi;
          state = 'periodWsAlpha';
        }
        break;
      case 'periodOffset':
        if (r === ':') state = 'periodOffsetColon';
        break;
      case 'periodOffsetColon':
        if (r === ' ') {
          p.set(p.offseti, '-07:00');
          state = 'periodOffsetColonWs';
          p.tzi = i + 1;
        }
        break;
      case 'periodWs':
        if (p.offseti === 0) p.offseti = i;
        if (r === '+' || r === '-') {
          p.mslen = i - p.msi - 1;
          state = 'periodWsOffset';
        } else if (isLetter(r)) {
          state = 'periodWsOffsetWsAlpha';
          break scan;
        }
        break;
      case 'periodWsOffset':
        if (r === ':') state = 'periodWsOffsetColon';
        else if (r === ' ') p.set(p.offseti, '-0700');
        else if (r === '+' || r === '-') {
          p.extra = i - 1;
          p.trimExtra();
        } else if (isLetter(r)) state = 'periodWsOffsetWsAlpha';
        break;
      case 'periodWsOffsetWsAlpha':
        if (r === '=' && datestr[i - 1] === 'm') {
          p.extra = i - 2;
          p.trimExtra();
        }
        break;
      case 'periodWsOffsetColon':
        if (r === ' ') p.set(p.offseti, '-07:00');
        else if (isLetter(r)) {
          p.tzi = i;
          state = 'periodWsOffsetColonAlpha';
        }
        break;
      case 'z':
        if (isDigit(r)) state = 'zDigit';
        break;
      default:
        break;
    }
  }
  finishClock(p, state, i);
  p.coalesceTime(i);
  return { end: i };
}

/** A 3- or 4-letter zone name at tzi becomes the layout's MST chunk. */
function markZoneName(p: Scan, length: number): void {
  p.tzlen = length;
  if (length === 4) p.set(p.tzi, ' MST');
  else if (length === 3) p.set(p.tzi, 'MST');
}

function finishClock(p: Scan, state: ClockState, i: number): void {
  switch (state) {
    case 'wsAlphaWs': case 'wsYear':
      p.yearlen = i - p.yeari;
      p.setYear();
      break;
    case 'wsAlphaZoneOffsetWsExtra':
      p.trimExtra();
      break;
    case 'wsAlphaZoneOffset':
      p.set(p.offseti, i - p.offseti < 4 ? '-07' : '-0700');
      break;
    case 'period':
      p.mslen = i - p.msi;
      break;
    case 'offset': case 'wsOffset': case 'periodOffset': case 'periodWsOffset':
      p.set(p.offseti, '-0700');
      break;
    case 'wsOffsetColon': case 'offsetColon': case 'periodOffsetColon':
      p.set(p.offseti, '-07:00');
      break;
    case 'periodWsOffsetColonAlpha':
      p.tzlen = i - p.tzi;
      if (p.tzlen === 3) p.set(p.tzi, 'MST');
      else if (p.tzlen === 4) p.set(p.tzi, 'MST ');
      break;
    default:
      break;
  }
}
