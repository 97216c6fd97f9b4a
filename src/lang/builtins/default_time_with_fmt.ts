import { parseGoLayout } from '../time/golayout';
import { resolveZoneArg } from '../time/zonetable';
import { defineBuiltin, key, str } from './define';

export const default_time_with_fmt = defineBuiltin({
  name: 'default_time_with_fmt',
  params: [key('key'), str('layout'), str('timezone').optional('')],
  returns: 'nil',
  doc: 'Parses the text of `key` with a Go reference layout (`2006-01-02 15:04:05`, `02/Jan/2006:15:04:05 -0700`, `.000` fractions, `MST`, `Z07:00`, …) in `timezone` or the local zone, and replaces it with int nanoseconds. On failure the value is left unchanged.',
  examples: [
    { title: 'nginx-like layout, local zone', script: 'add_key(t, "02/Dec/2021:11:55:34")\ndefault_time_with_fmt(t, "02/Jan/2006:15:04:05")', input: 'x', tz: 'Asia/Shanghai', fields: { t: 1638417334000000000n } },
    { title: 'fraction and explicit zone', script: 'add_key(t, "2021-12-02 03:55:34.123")\ndefault_time_with_fmt(t, "2006-01-02 15:04:05.000", "UTC")', input: 'x', fields: { t: 1638417334123000000n } },
    { title: 'mismatch leaves the text', script: 'add_key(t, "yesterday")\ndefault_time_with_fmt(t, "2006-01-02")', input: 'x', fields: { t: 'yesterday' } },
  ],
  compile({ key, layout, timezone: tz }, cx) {
    if (tz !== '' && !resolveZoneArg(tz, undefined as never)) {
      cx.error(cx.pos('timezone'), `unknown time zone "${tz}"`);
    }
    return (rt) => {
      const v = rt.lookup(key);
      if (typeof v !== 'string') return null;
      const zone = resolveZoneArg(tz, rt.zone);
      if (!zone) return null;
      const ns = parseGoLayout(layout, v, zone);
      if (ns !== undefined) rt.write(key, ns);
      return null;
    };
  },
});
