import { RuntimeError } from '../runtime';
import { MONTHS, civilToNs, daysIn, nsToZoned } from '../time/civil';
import { Zone } from '../time/zone';
import { resolveZoneArg } from '../time/zonetable';
import { toText } from '../value';
import { defineBuiltin, expr, key } from './define';

const PARTS = ['yy', 'MM', 'dd', 'hh', 'mm', 'ss', 'ms', 'us', 'ns'] as const;

const INT64 = { min: -(1n << 63n), max: (1n << 63n) - 1n };

/** A millisecond, microsecond or nanosecond part: any int64, and 0 for text that is not one (Datakit's DefaultInt). */
function subSecond(text: string): bigint {
  if (!/^[+-]?\d+$/.test(text)) return 0n;
  const n = BigInt(text);
  return n < INT64.min || n > INT64.max ? 0n : n;
}

export const parse_date = defineBuiltin({
  name: 'parse_date',
  params: [key('key'), ...PARTS.map((n) => expr(n).optional().shows('""')), expr('zone').optional().shows('""')],
  returns: 'nil',
  doc: 'Builds a time from parts (usually named arguments) and writes int nanoseconds to `key`. Empty year/month/day/hour/minute come from the current time; two-digit years get the current century; the month may be a number or an English name; empty seconds are 0. `ms`, `us` and `ns` are added to the time whatever their size (`us="290290"` is 0.290290 s, and more than a second carries into the seconds, as time.Date does in Go); text that is not an integer counts as 0. `zone` is a "+8"-style table entry, "CST" or an IANA name; empty means UTC. Year, month, day, hour, minute or second out of range is a runtime error.',
  examples: [
    {
      title: 'from grok parts',
      script: 'grok(_, "%{INT:y}-%{INT:mo}-%{INT:d} %{INT:h}:%{INT:mi}:%{INT:s}\\\\.%{INT:frac}")\nparse_date(key="time", yy=y, MM=mo, dd=d, hh=h, mm=mi, ss=s, ms=frac, zone="+8")',
      input: '2020-12-12 16:40:03.290',
      timeNs: 1607762403290000000n,
      absent: ['time'],
    },
    { title: 'microseconds of any size', script: 'parse_date(key="t", yy="2021", MM="12", dd="2", hh="3", mm="55", ss="34", us="1290290")', input: 'x', fields: { t: 1638417335290290000n } },
    { title: 'month names, UTC by default', script: 'parse_date(key="t", yy="2021", MM="Dec", dd="2", hh="3", mm="55", ss="34")', input: 'x', fields: { t: 1638417334000000000n } },
  ],
  compile(args) {
    const { key, zone: zoneEv } = args;
    const parts = PARTS.map((p) => args[p]);
    return (rt) => {
      const text = parts.map((ev) => {
        if (!ev) return '';
        const v = ev(rt);
        return v === null ? '' : toText(v).trim();
      });
      const zoneName = zoneEv ? toText(zoneEv(rt)) : '';
      const zone = zoneName === '' ? (Zone.get('UTC') as Zone) : resolveZoneArg(zoneName, rt.zone);
      if (!zone) throw new RuntimeError(`parse_date: unknown zone "${zoneName}"`);
      const now = nsToZoned(rt.nowNs(), zone);
      const int = (s: string, what: string, lo: number, hi: number): number => {
        if (!/^[+-]?\d+$/.test(s)) throw new RuntimeError(`parse_date: invalid ${what} "${s}"`);
        const n = Number(s);
        if (n < lo || n > hi) throw new RuntimeError(`parse_date: ${what} ${n} out of range`);
        return n;
      };
      const [yy, MM, dd, hh, mm, ss, ms, us, ns] = text;
      let year = yy === '' ? now.year : int(yy, 'year', 0, 9999);
      if (yy.length === 2) year += Math.floor(now.year / 100) * 100;
      let month: number;
      if (MM === '') month = now.month;
      else if (/^\d+$/.test(MM)) month = int(MM, 'month', 1, 12);
      else {
        month = MONTHS.findIndex((m) => m.toLowerCase() === MM.toLowerCase() || m.slice(0, 3).toLowerCase() === MM.toLowerCase()) + 1;
        if (month === 0) throw new RuntimeError(`parse_date: invalid month "${MM}"`);
      }
      const day = dd === '' ? now.day : int(dd, 'day', 1, daysIn(year, month));
      const hour = hh === '' ? now.hour : int(hh, 'hour', 0, 23);
      const minute = mm === '' ? now.minute : int(mm, 'minute', 0, 59);
      const second = ss === '' ? 0 : int(ss, 'second', 0, 59);
      // As time.Date in Go: the sub-second parts are added up (with int64 overflow) and carry into the seconds.
      const nanos = BigInt.asIntN(64, subSecond(ms) * 1000000n + subSecond(us) * 1000n + subSecond(ns));
      rt.write(key, civilToNs({ year, month, day, hour, minute, second, nanos: 0 }, zone) + nanos);
      return null;
    };
  },
});
