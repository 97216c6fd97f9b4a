import { defineBuiltin, expr } from './define';

export const pt_name = defineBuiltin({
  name: 'pt_name',
  params: [expr('name').optional().shows('""')],
  returns: 'str',
  doc: 'Returns the point name (for logs: the `source`); with a non-empty string argument sets it first. A value that is not a string is ignored, as in Datakit. An empty string is ignored too, where Datakit would give the point an empty name, which no backend accepts as a source.',
  examples: [
    { title: 'set and read', script: 'pt_name("app")\nadd_key(n, pt_name())', input: 'x', fields: { n: 'app' }, tags: { source: 'app' } },
    { title: 'not a string: ignored', script: 'pt_name("app")\nadd_key(n, pt_name(1))', input: 'x', fields: { n: 'app' } },
  ],
  compile({ name: ev }) {
    return (rt) => {
      const v = ev ? ev(rt) : null;
      if (typeof v === 'string' && v !== '') {
        rt.measurement = v;
        rt.tags.set('source', v);
        rt.fields.delete('source');
      }
      return rt.measurement;
    };
  },
});
