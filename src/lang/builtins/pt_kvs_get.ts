import { toText } from '../value';
import { defineBuiltin, bool, expr } from './define';

export const pt_kvs_get = defineBuiltin({
  name: 'pt_kvs_get',
  params: [expr('name'), bool('raw').optional(false)],
  returns: 'any',
  doc: 'Reads a tag or field of the point by a computed name (variables are not consulted); nil when missing.',
  examples: [{ title: 'dynamic key', script: 'k = "le" + "vel"\ngrok(_, "%{WORD:level}")\nadd_key(r, pt_kvs_get(k))', input: 'WARN', fields: { r: 'WARN' } }],
  compile({ name }) {
    return (rt) => rt.readPoint(toText(name(rt))) ?? null;
  },
});
