import { strictEqual } from '../value';
import { defineBuiltin, key, lit } from './define';

export const nullif = defineBuiltin({
  name: 'nullif',
  params: [key('key'), lit('value')],
  returns: 'nil',
  doc: 'Deletes `key` when its value equals the literal, with exact types (a float 1 is not the int 1 nor the string "1").',
  examples: [
    { title: 'drop placeholder', script: 'grok(_, "%{NOTSPACE:ref}")\nnullif(ref, "-")', input: '-', absent: ['ref'] },
    { title: 'types must match', script: 'json(_, n)\nnullif(n, 1)', input: '{"n": 1}', fields: { n: 1 } },
  ],
  compile({ key, value: lit }) {
    return (rt) => {
      const v = rt.lookup(key);
      if (v !== undefined && strictEqual(v, lit)) rt.remove(key);
      return null;
    };
  },
});
