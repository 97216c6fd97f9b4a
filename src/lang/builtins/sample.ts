import { RuntimeError } from '../runtime';
import { defineBuiltin, expr } from './define';

export const sample = defineBuiltin({
  name: 'sample',
  params: [expr('p')],
  returns: 'bool',
  doc: 'True with probability `p` (0 to 1); pair with `drop()` to keep a fraction of lines.',
  examples: [
    { title: 'always', script: 'add_key(r, sample(1.0))', input: 'x', fields: { r: true } },
    { title: 'never', script: 'add_key(r, sample(0))', input: 'x', fields: { r: false } },
  ],
  compile({ p }) {
    return (rt) => {
      const v = p(rt);
      if (typeof v !== 'number' && typeof v !== 'bigint') throw new RuntimeError('sample: probability must be a number');
      return Math.random() < Number(v);
    };
  },
});
