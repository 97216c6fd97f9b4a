// strftime formatting for datetime() (the itchyny/timefmt-go conventions).

import { MONTHS, WEEKDAYS, ZonedTime, formatOffset, pad } from './civil';

export function strftime(fmt: string, t: ZonedTime): string {
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c !== '%' || i === fmt.length - 1) { out += c; continue; }
    let d = fmt[++i];
    let colon = false;
    if (d === ':' && fmt[i + 1] === 'z') { colon = true; d = fmt[++i]; }
    const h12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
    switch (d) {
      case 'Y': out += pad(t.year, 4); break;
      case 'C': out += pad(Math.floor(t.year / 100), 2); break;
      case 'y': out += pad(t.year % 100, 2); break;
      case 'm': out += pad(t.month, 2); break;
      case 'B': out += MONTHS[t.month - 1]; break;
      case 'b': case 'h': out += MONTHS[t.month - 1].slice(0, 3); break;
      case 'd': out += pad(t.day, 2); break;
      case 'e': out += pad(t.day, 2, ' '); break;
      case 'j': out += pad(t.yday, 3); break;
      case 'H': out += pad(t.hour, 2); break;
      case 'k': out += pad(t.hour, 2, ' '); break;
      case 'I': out += pad(h12, 2); break;
      case 'l': out += pad(h12, 2, ' '); break;
      case 'M': out += pad(t.minute, 2); break;
      case 'S': out += pad(t.second, 2); break;
      case 'f': out += pad(Math.floor(t.nanos / 1000), 6); break;
      case 'L': out += pad(Math.floor(t.nanos / 1000000), 3); break;
      case 'N': out += pad(t.nanos, 9); break;
      case 'p': out += t.hour >= 12 ? 'PM' : 'AM'; break;
      case 'A': out += WEEKDAYS[t.weekday]; break;
      case 'a': out += WEEKDAYS[t.weekday].slice(0, 3); break;
      case 'u': out += t.weekday === 0 ? 7 : t.weekday; break;
      case 'w': out += t.weekday; break;
      case 'z': out += formatOffset(t.offsetSec, colon); break;
      case 'Z': out += t.abbr; break;
      case 'F': out += `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}`; break;
      case 'T': out += `${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}`; break;
      case 'R': out += `${pad(t.hour, 2)}:${pad(t.minute, 2)}`; break;
      case 'D': case 'x': out += `${pad(t.month, 2)}/${pad(t.day, 2)}/${pad(t.year % 100, 2)}`; break;
      case 'X': out += `${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}`; break;
      case 'r': out += `${pad(h12, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)} ${t.hour >= 12 ? 'PM' : 'AM'}`; break;
      case 'c': out += `${WEEKDAYS[t.weekday].slice(0, 3)} ${MONTHS[t.month - 1].slice(0, 3)} ${pad(t.day, 2, ' ')} ${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)} ${pad(t.year, 4)}`; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '%': out += '%'; break;
      default: out += '%' + d;
    }
  }
  return out;
}
