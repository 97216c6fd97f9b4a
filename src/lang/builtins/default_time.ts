import { parseAnyDate } from '../time/dateparse';
import { resolveZoneArg } from '../time/zonetable';
import { toText } from '../value';
import { defineBuiltin, key, str } from './define';

export const default_time = defineBuiltin({
  name: 'default_time',
  params: [key('key'), str('timezone').optional('')],
  returns: 'nil',
  doc: 'Parses the text of `key` as a date (nginx, redis, mysql, gin, apache and PostgreSQL layouts, ISO 8601/RFC 3339, month names, US month-first dates, epoch numbers by digit count, …) and replaces it with int nanoseconds since the epoch. Text without an offset is read in `timezone` ("+8"-style table entries, "CST" or an IANA name) or, when empty, in the configured local zone. On failure the key gets the point\'s own time and a `pl_msg` field explains why. A key named `time` becomes the point time after the run.',
  examples: [
    {
      title: 'seed log timestamp (comma fraction, local zone)',
      script: 'grok(_, "%{TIMESTAMP_ISO8601:time}")\ndefault_time(time)',
      input: '2021-06-18 10:07:08,786 INFO hello',
      tz: 'Asia/Shanghai',
      absent: ['time'],
      timeNs: 1623982028786000000n,
    },
    {
      title: 'explicit zone, other key',
      script: 'add_key(t, "2021-12-02 11:55:43")\ndefault_time(t, "UTC")',
      input: 'x',
      fields: { t: 1638446143000000000n },
    },
    {
      title: 'nginx layout carries its own offset',
      script: 'add_key(t, "02/Dec/2021:11:55:34 +0800")\ndefault_time(t)',
      input: 'x',
      tz: 'UTC',
      fields: { t: 1638417334000000000n },
    },
  ],
  compile({ key, timezone: tzArg }) {
    return (rt) => {
      const v = rt.lookup(key);
      if (v === undefined || v === null) return null;
      const zone = resolveZoneArg(tzArg, rt.zone);
      const text = toText(v);
      const ns = zone ? parseAnyDate(text, zone, rt) : undefined;
      if (ns === undefined) {
        rt.write(key, rt.pointTimeOrNow());
        rt.write('pl_msg', zone ? `time convert failed: cannot parse ${JSON.stringify(text)}` : `time convert failed: unknown time zone ${JSON.stringify(tzArg)}`);
        return null;
      }
      rt.write(key, ns);
      return null;
    };
  },
});
