import { toText } from '../value';
import type { BuiltinDef } from './types';

export const set_measurement: BuiltinDef = {
  name: 'set_measurement',
  params: [
    { name: 'name', kind: 'expr' },
    { name: 'delete_key', kind: 'bool', optional: true, default: 'false' },
  ],
  returns: 'nil',
  doc: 'Sets the measurement name (for logs: the `source`) to the value of `name` — a string literal, or an identifier whose value is used. With `delete_key=true` and an identifier, that key is deleted afterwards. The name is reported as the `source` tag.',
  examples: [
    { title: 'from a capture', script: 'grok(_, "%{WORD:app}")\nset_measurement(app, true)', input: 'billing', tags: { source: 'billing' }, absent: ['app'] },
    { title: 'literal', script: 'set_measurement("nginx")', input: 'x', tags: { source: 'nginx' } },
  ],
  compile(b) {
    const name = b.args[0]!;
    const del = b.args[1] ? (b.args[1].lit as boolean) : false;
    const delKey = del && name.node.kind === 'ident' ? (name.node.name === '_' ? 'message' : name.node.name) : undefined;
    return (rt) => {
      const v = name.ev(rt);
      if (v === null) return null;
      rt.measurement = toText(v);
      rt.tags.set('source', rt.measurement);
      rt.fields.delete('source');
      if (delKey) rt.remove(delKey);
      return null;
    };
  },
};
