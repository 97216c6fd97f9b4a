import type { BuiltinDef } from './types';

export const rename: BuiltinDef = {
  name: 'rename',
  params: [
    { name: 'new_key', kind: 'key' },
    { name: 'old_key', kind: 'key' },
  ],
  returns: 'nil',
  doc: 'Moves the value of `old_key` to `new_key` (a tag stays a tag); an existing `new_key` is replaced. A missing `old_key` or identical names do nothing.',
  examples: [
    { title: 'rename a capture', script: 'grok(_, "%{INT:h}")\nrename(hour, h)', input: '12', fields: { hour: '12' }, absent: ['h'] },
    { title: 'string literal names work too', script: 'add_key(a, 1)\nrename("b", "a")', input: 'x', fields: { b: 1n }, absent: ['a'] },
  ],
  compile(b) {
    const to = b.args[0]!.key as string;
    const from = b.args[1]!.key as string;
    return (rt) => {
      if (to === from) return null;
      const tag = rt.tags.get(from);
      if (tag !== undefined) {
        rt.tags.delete(from);
        rt.fields.delete(to);
        rt.tags.set(to, tag);
        return null;
      }
      const v = rt.fields.get(from);
      if (v === undefined) return null;
      rt.fields.delete(from);
      rt.tags.delete(to);
      rt.fields.set(to, v);
      return null;
    };
  },
};
