import { RuntimeError } from '../runtime';
import { defineBuiltin, key } from './define';

const HOUR = 3600000000000n;
const MINUTE = 60000000000n;

export const adjust_timezone = defineBuiltin({
  name: 'adjust_timezone',
  params: [key('key')],
  returns: 'nil',
  doc: 'For an int nanosecond time parsed from a zone-less log timestamp: shifts it by whole hours so that it falls within (now − 58 min, now + 2 min]. Fixes logs written in another zone than the collector\'s.',
  examples: [
    {
      title: 'an 8-hour-off time is pulled to now',
      script: 'now = timestamp()\nadd_key(t, now - 8 * 3600000000000 - 60000000000)\nadjust_timezone(t)\nt2 = get_key(t)\nadd_key(diff_min, (now - t2) / 60000000000)',
      input: 'x',
      fields: { diff_min: 1n },
    },
  ],
  compile({ key }) {
    return (rt) => {
      const v = rt.lookup(key);
      if (v === undefined || v === null) return null;
      if (typeof v !== 'bigint') throw new RuntimeError(`adjust_timezone: ${key} must be an int time in nanoseconds`);
      const now = rt.nowNs();
      const upper = now + 2n * MINUTE;
      let t = v;
      if (t > upper) t -= ((t - upper + HOUR - 1n) / HOUR) * HOUR;
      const lower = now - 58n * MINUTE;
      if (t <= lower) t += ((lower - t) / HOUR + 1n) * HOUR;
      rt.write(key, t);
      return null;
    };
  },
});
