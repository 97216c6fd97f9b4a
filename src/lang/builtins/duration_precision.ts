import type { BuiltinDef } from './types';
import { lookupOwn } from './util';

const UNITS: Record<string, number> = { s: 0, ms: 3, us: 6, ns: 9 };

export const duration_precision: BuiltinDef = {
  name: 'duration_precision',
  params: [
    { name: 'key', kind: 'key' },
    { name: 'old_precision', kind: 'str' },
    { name: 'new_precision', kind: 'str' },
  ],
  returns: 'nil',
  doc: 'Rescales an int duration in `key` between `s`, `ms`, `us` and `ns` (integer arithmetic, truncating).',
  examples: [{ title: 'ms to ns', script: 'add_key(d, 15)\nduration_precision(d, "ms", "ns")', input: 'x', fields: { d: 15000000n } }],
  compile(b, cx) {
    const key = b.args[0]!.key as string;
    const from = lookupOwn(UNITS, b.args[1]!.lit as string);
    const to = lookupOwn(UNITS, b.args[2]!.lit as string);
    for (const [i, u] of [[1, from], [2, to]] as const) {
      if (u === undefined) cx.error(b.args[i]!.node.pos, 'precision must be "s", "ms", "us" or "ns"');
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
};
