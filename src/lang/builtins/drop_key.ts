import { defineBuiltin, key } from './define';

export const drop_key = defineBuiltin({
  name: 'drop_key',
  params: [key('key')],
  returns: 'nil',
  doc: 'Deletes a field or tag from the point.',
  examples: [
    { title: 'remove a capture', script: 'grok(_, "%{WORD:a} %{WORD:b}")\ndrop_key(b)', input: 'x y', fields: { a: 'x' }, absent: ['b'] },
  ],
  compile({ key }) {
    return (rt) => { rt.remove(key); return null; };
  },
});
