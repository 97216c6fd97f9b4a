import { Value, strictEqual } from '../value';
import type { BuiltinDef } from './types';

export const nullif: BuiltinDef = {
  name: 'nullif',
  params: [
    { name: 'key', kind: 'key' },
    { name: 'value', kind: 'lit' },
  ],
  returns: 'nil',
  doc: 'Deletes `key` when its value equals the literal, with exact types (a float 1 is not the int 1 nor the string "1").',
  examples: [
    { title: 'drop placeholder', script: 'grok(_, "%{NOTSPACE:ref}")\nnullif(ref, "-")', input: '-', absent: ['ref'] },
    { title: 'types must match', script: 'json(_, n)\nnullif(n, 1)', input: '{"n": 1}', fields: { n: 1 } },
  ],
  compile(b) {
    const key = b.args[0]!.key as string;
    const lit = b.args[1]!.lit as Value;
    return (rt) => {
      const v = rt.lookup(key);
      if (v !== undefined && strictEqual(v, lit)) rt.remove(key);
      return null;
    };
  },
};
