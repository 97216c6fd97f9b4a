// Go reference-time layouts ("2006-01-02 15:04:05.000 -0700"): the named ones and
// formatting as Time.Format does; parsing as time.ParseInLocation is in goparse.ts.

import { MONTHS, WEEKDAYS, ZonedTime, formatOffset, pad } from './civil';
import { tokenizeLayout } from './layoutchunks';

export { parseGoLayout } from './goparse';

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
