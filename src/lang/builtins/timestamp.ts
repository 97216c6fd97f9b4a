import { defineBuiltin, str } from './define';
import { lookupOwn } from './util';

const DIV: Record<string, bigint> = { s: 1000000000n, ms: 1000000n, us: 1000n, ns: 1n };

export const timestamp = defineBuiltin({
  name: 'timestamp',
  params: [str('precision').optional('ns')],
  returns: 'int',
  doc: 'The current time as an int in `s`, `ms`, `us` or `ns` (any other precision means ns).',
  examples: [
    { title: 'seconds are 10 digits today', script: 't = timestamp("s")\nadd_key(digits, t > 1000000000 && t < 9999999999)', input: 'x', fields: { digits: true } },
  ],
  compile({ precision }) {
    const div = lookupOwn(DIV, precision) ?? 1n;
    return (rt) => rt.nowNs() / div;
  },
});
