import { defineBuiltin, key } from './define';

export const rename = defineBuiltin({
  name: 'rename',
  params: [key('new_key'), key('old_key')],
  returns: 'nil',
  doc: 'Moves the value of `old_key` to `new_key` (a tag stays a tag); an existing `new_key` is replaced. A missing `old_key` or identical names do nothing.',
  examples: [
    { title: 'rename a capture', script: 'grok(_, "%{INT:h}")\nrename(hour, h)', input: '12', fields: { hour: '12' }, absent: ['h'] },
    { title: 'string literal names work too', script: 'add_key(a, 1)\nrename("b", "a")', input: 'x', fields: { b: 1n }, absent: ['a'] },
  ],
  compile({ new_key: to, old_key: from }) {
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
});
