import { identName } from '../ast';
import { toText } from '../value';
import { defineBuiltin, bool, expr } from './define';

export const set_measurement = defineBuiltin({
  name: 'set_measurement',
  params: [expr('name'), bool('delete_key').optional(false)],
  returns: 'nil',
  doc: 'Sets the measurement name (for logs: the `source`) to the value of `name` — a string literal, or an identifier whose value is used. With `delete_key=true` and an identifier, that key is deleted afterwards. The name is reported as the `source` tag.',
  examples: [
    { title: 'from a capture', script: 'grok(_, "%{WORD:app}")\nset_measurement(app, true)', input: 'billing', tags: { source: 'billing' }, absent: ['app'] },
    { title: 'literal', script: 'set_measurement("nginx")', input: 'x', tags: { source: 'nginx' } },
  ],
  compile({ name, delete_key: del }, cx) {
    const written = cx.node('name');
    const delKey = del && written?.kind === 'ident' ? identName(written) : undefined;
    return (rt) => {
      const v = name(rt);
      if (v === null) return null;
      rt.measurement = toText(v);
      rt.tags.set('source', rt.measurement);
      rt.fields.delete('source');
      if (delKey) rt.remove(delKey);
      return null;
    };
  },
});
