import { parseGoIntBase0 } from '../lexer';
import { RuntimeError } from '../runtime';
import { nsToZoned } from '../time/civil';
import { NAMED_LAYOUTS, formatGoLayout } from '../time/golayout';
import { strftime } from '../time/strftime';
import { resolveZoneArg } from '../time/zonetable';
import { defineBuiltin, key, str } from './define';
import { lookupOwn } from './util';

const SCALE: Record<string, bigint> = { s: 1000000000n, ms: 1000000n, us: 1000n, ns: 1n };

export const datetime = defineBuiltin({
  name: 'datetime',
  params: [key('key'), str('precision'), str('fmt'), str('tz').optional('')],
  returns: 'nil',
  doc: 'Formats an epoch number in `key` (precision `s`, `ms`, `us` or `ns`; text is parsed as an integer) as text. `fmt` is a Go layout name (`ANSIC`, `RFC3339`, `RFC3339Nano`, `Kitchen`, `StampMilli`, …) or a strftime pattern (`%Y-%m-%d %H:%M:%S`, `%z`, `%Z`, …). `tz` is an IANA name; the default is the local zone.',
  examples: [
    { title: 'strftime', script: 'add_key(t, 1610960605000)\ndatetime(t, "ms", "%Y-%m-%d %H:%M:%S", "Asia/Shanghai")', input: 'x', fields: { t: '2021-01-18 17:03:25' } },
    { title: 'named layout', script: 'add_key(t, 1610960605)\ndatetime(t, "s", "RFC3339")', input: 'x', tz: 'UTC', fields: { t: '2021-01-18T09:03:25Z' } },
  ],
  compile({ key, precision, fmt, tz }, cx) {
    const scale = lookupOwn(SCALE, precision) ?? 1n;
    if (tz !== '' && !resolveZoneArg(tz, undefined as never)) cx.error(cx.pos('tz'), `unknown time zone "${tz}"`);
    const layout = lookupOwn(NAMED_LAYOUTS, fmt);
    return (rt) => {
      const v = rt.lookup(key);
      let n: bigint | undefined;
      if (typeof v === 'bigint') n = v;
      else if (typeof v === 'number') n = Number.isFinite(v) ? BigInt(Math.trunc(v)) : undefined;
      else if (typeof v === 'string') n = parseGoIntBase0(v.trim());
      if (n === undefined) return null;
      const zone = resolveZoneArg(tz, rt.zone);
      if (!zone) throw new RuntimeError(`unknown time zone "${tz}"`);
      const t = nsToZoned(n * scale, zone);
      rt.write(key, layout ? formatGoLayout(layout, t) : strftime(fmt, t));
      return null;
    };
  },
});
