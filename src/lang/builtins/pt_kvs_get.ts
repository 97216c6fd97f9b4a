import { defineBuiltin, bool, expr } from './define';

export const pt_kvs_get = defineBuiltin({
  name: 'pt_kvs_get',
  params: [expr('name').accepts('str'), bool('raw').optional(false)],
  returns: 'any',
  doc: 'Reads a tag or field of the point by a computed name (variables are not consulted); nil when missing. A list or map field reads as its JSON text unless `raw=true`.',
  examples: [
    { title: 'dynamic key', script: 'k = "le" + "vel"\ngrok(_, "%{WORD:level}")\nadd_key(r, pt_kvs_get(k))', input: 'WARN', fields: { r: 'WARN' } },
    { title: 'raw list', script: 'pt_kvs_set("l", [1, 2], raw=true)\nif 2 in pt_kvs_get("l", raw=true) { add_key(hit, true) }', input: 'x', fields: { hit: true } },
  ],
  compile({ name, raw }) {
    if (raw) return (rt) => rt.readPointRaw(name(rt) as string) ?? null;
    return (rt) => rt.readPoint(name(rt) as string) ?? null;
  },
});
