import { defineBuiltin, key, str } from './define';
import { lookupOwn } from './util';

const UNITS: Record<string, number> = { s: 0, ms: 3, us: 6, ns: 9 };

export const duration_precision = defineBuiltin({
  name: 'duration_precision',
  params: [key('key'), str('old_precision'), str('new_precision')],
  returns: 'nil',
  doc: 'Rescales an int duration in `key` between `s`, `ms`, `us` and `ns` (integer arithmetic, truncating).',
  examples: [{ title: 'ms to ns', script: 'add_key(d, 15)\nduration_precision(d, "ms", "ns")', input: 'x', fields: { d: 15000000n } }],
  compile({ key, old_precision, new_precision }, cx) {
    const from = lookupOwn(UNITS, old_precision);
    const to = lookupOwn(UNITS, new_precision);
    for (const [name, u] of [['old_precision', from], ['new_precision', to]] as const) {
      if (u === undefined) cx.error(cx.pos(name), 'precision must be "s", "ms", "us" or "ns"');
    }
    if (from === undefined || to === undefined) return () => null;
    return (rt) => {
      const v = rt.lookup(key);
      if (typeof v !== 'bigint') return null;
      const diff = to - from;
      rt.write(key, diff >= 0 ? BigInt.asIntN(64, v * 10n ** BigInt(diff)) : v / 10n ** BigInt(-diff));
      return null;
    };
  },
});
