import { defineBuiltin, key } from './define';

export const get_key = defineBuiltin({
  name: 'get_key',
  params: [key('key')],
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
  compile({ key }) {
    return (rt) => rt.readPoint(key) ?? null;
  },
});
