import { defineBuiltin, bool, expr } from './define';

export const pt_kvs_set = defineBuiltin({
  name: 'pt_kvs_set',
  params: [expr('name').accepts('str'), expr('value'), bool('as_tag').optional(false), bool('raw').optional(false)],
  returns: 'bool',
  doc: 'Writes a field (or, with `as_tag=true`, a tag) under a computed name. Lists and maps are stored as JSON text, unless `raw=true` keeps them as they are: the record then carries a list or map attribute, `pt_kvs_get(name, raw=true)` gives the value back, and every other read sees its JSON text.',
  examples: [
    { title: 'field', script: 'pt_kvs_set("k" + "1", 5)', input: 'x', fields: { k1: 5n } },
    { title: 'tag', script: 'pt_kvs_set("env", "prod", as_tag=true)', input: 'x', tags: { env: 'prod' } },
    { title: 'a list kept as a list', script: 'pt_kvs_set("l", [1, 2], raw=true)\nadd_key(n, len(pt_kvs_get("l", raw=true)))', input: 'x', fields: { l: [1n, 2n], n: 2n } },
  ],
  compile({ name, value, as_tag: asTag, raw }) {
    return (rt) => {
      const k = name(rt) as string;
      const v = value(rt);
      if (asTag) rt.setTag(k, v);
      else if (raw) rt.writeRaw(k, v);
      else rt.write(k, v);
      return true;
    };
  },
});
