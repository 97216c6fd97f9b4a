import { RuntimeError } from '../runtime';
import { defineBuiltin, expr } from './define';

export const format_int = defineBuiltin({
  name: 'format_int',
  params: [expr('val'), expr('base')],
  returns: 'str',
  doc: 'Formats an int in `base` (2–36), lower-case digits.',
  examples: [{ title: 'hex', script: 'add_key(r, format_int(255, 16))', input: 'x', fields: { r: 'ff' } }],
  compile({ val, base }) {
    return (rt) => {
      const v = val(rt);
      const bv = base(rt);
      if (typeof v !== 'bigint' || typeof bv !== 'bigint' || bv < 2n || bv > 36n) throw new RuntimeError('format_int expects (int, base 2..36)');
      return v.toString(Number(bv));
    };
  },
});
