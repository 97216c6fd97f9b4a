import { toText } from '../value';
import { defineBuiltin, expr } from './define';

export const pt_name = defineBuiltin({
  name: 'pt_name',
  params: [expr('name').optional().shows('""')],
  returns: 'str',
  doc: 'Returns the point name (for logs: the `source`); with a non-empty argument sets it first.',
  examples: [{ title: 'set and read', script: 'pt_name("app")\nadd_key(n, pt_name())', input: 'x', fields: { n: 'app' }, tags: { source: 'app' } }],
  compile({ name: ev }) {
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
});
