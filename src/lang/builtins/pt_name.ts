import { toText } from '../value';
import type { BuiltinDef } from './types';

export const pt_name: BuiltinDef = {
  name: 'pt_name',
  params: [{ name: 'name', kind: 'expr', optional: true, default: '""' }],
  returns: 'str',
  doc: 'Returns the point name (for logs: the `source`); with a non-empty argument sets it first.',
  examples: [{ title: 'set and read', script: 'pt_name("app")\nadd_key(n, pt_name())', input: 'x', fields: { n: 'app' }, tags: { source: 'app' } }],
  compile(b) {
    const ev = b.args[0]?.ev;
    return (rt) => {
      const v = ev ? ev(rt) : null;
      if (v !== null && toText(v) !== '') {
        rt.measurement = toText(v);
        rt.tags.set('source', rt.measurement);
        rt.fields.delete('source');
      }
      return rt.measurement;
    };
  },
};
