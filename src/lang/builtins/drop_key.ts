import type { BuiltinDef } from './types';

export const drop_key: BuiltinDef = {
  name: 'drop_key',
  params: [{ name: 'key', kind: 'key' }],
  returns: 'nil',
  doc: 'Deletes a field or tag from the point.',
  examples: [
    { title: 'remove a capture', script: 'grok(_, "%{WORD:a} %{WORD:b}")\ndrop_key(b)', input: 'x y', fields: { a: 'x' }, absent: ['b'] },
  ],
  compile(b) {
    const key = b.args[0]!.key as string;
    return (rt) => { rt.remove(key); return null; };
  },
};
