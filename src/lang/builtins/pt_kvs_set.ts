import { toText } from '../value';
import { defineBuiltin, bool, expr } from './define';

export const pt_kvs_set = defineBuiltin({
  name: 'pt_kvs_set',
  params: [expr('name'), expr('value'), bool('as_tag').optional(false), bool('raw').optional(false)],
  returns: 'bool',
  doc: 'Writes a field (or, with `as_tag=true`, a tag) under a computed name. Lists and maps are stored as JSON text.',
  examples: [
    { title: 'field', script: 'pt_kvs_set("k" + "1", 5)', input: 'x', fields: { k1: 5n } },
    { title: 'tag', script: 'pt_kvs_set("env", "prod", as_tag=true)', input: 'x', tags: { env: 'prod' } },
  ],
  compile({ name, value, as_tag: asTag }) {
    return (rt) => {
      const k = toText(name(rt));
      const v = value(rt);
      if (asTag) rt.setTag(k, v);
      else rt.write(k, v);
      return true;
    };
  },
});
