import { defineBuiltin, expr, key } from './define';

export const add_key = defineBuiltin({
  name: 'add_key',
  params: [key('key'), expr('value').optional()],
  returns: 'nil',
  doc: 'Writes `value` to the point under `key` (lists and maps become JSON text). With one argument it copies the variable or field `key` into the point — the way to export a script variable; nothing happens when it does not exist.',
  examples: [
    { title: 'literal value', script: 'add_key(city, "shanghai")', input: 'x', fields: { city: 'shanghai' } },
    { title: 'export a variable', script: 'n = 1 + 2\nadd_key(n)', input: 'x', fields: { n: 3n } },
    { title: 'lists become JSON text', script: 'add_key(l, [1, "a", 2.5])', input: 'x', fields: { l: '[1,"a",2.5]' } },
  ],
  compile({ key, value: ev }) {
    if (ev) {
      return (rt) => { rt.write(key, ev(rt)); return null; };
    }
    return (rt) => {
      const v = rt.lookup(key);
      if (v !== undefined) rt.write(key, v);
      return null;
    };
  },
});
