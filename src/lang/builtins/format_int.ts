import { RuntimeError } from '../runtime';
import type { BuiltinDef } from './types';

export const format_int: BuiltinDef = {
  name: 'format_int',
  params: [
    { name: 'val', kind: 'expr' },
    { name: 'base', kind: 'expr' },
  ],
  returns: 'str',
  doc: 'Formats an int in `base` (2–36), lower-case digits.',
  examples: [{ title: 'hex', script: 'add_key(r, format_int(255, 16))', input: 'x', fields: { r: 'ff' } }],
  compile(b) {
    const val = b.args[0]!.ev;
    const base = b.args[1]!.ev;
    return (rt) => {
      const v = val(rt);
      const bv = base(rt);
      if (typeof v !== 'bigint' || typeof bv !== 'bigint' || bv < 2n || bv > 36n) throw new RuntimeError('format_int expects (int, base 2..36)');
      return v.toString(Number(bv));
    };
  },
};
