import type { BuiltinDef } from './types';

export const get_key: BuiltinDef = {
  name: 'get_key',
  params: [{ name: 'key', kind: 'key' }],
  returns: 'any',
  doc: 'Reads `key` from the point only, ignoring script variables of the same name; nil when missing.',
  examples: [
    {
      title: 'variables shadow fields, get_key does not',
      script: 'grok(_, "%{WORD:a}")\na = "var"\nadd_key(from_var, a)\nadd_key(from_point, get_key(a))',
      input: 'field',
      fields: { from_var: 'var', from_point: 'field' },
    },
  ],
  compile(b) {
    const key = b.args[0]!.key as string;
    return (rt) => rt.readPoint(key) ?? null;
  },
};
