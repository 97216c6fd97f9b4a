import { toText } from '../value';
import type { BuiltinDef } from './types';

export const pt_kvs_get: BuiltinDef = {
  name: 'pt_kvs_get',
  params: [
    { name: 'name', kind: 'expr' },
    { name: 'raw', kind: 'bool', optional: true, default: 'false' },
  ],
  returns: 'any',
  doc: 'Reads a tag or field of the point by a computed name (variables are not consulted); nil when missing.',
  examples: [{ title: 'dynamic key', script: 'k = "le" + "vel"\ngrok(_, "%{WORD:level}")\nadd_key(r, pt_kvs_get(k))', input: 'WARN', fields: { r: 'WARN' } }],
  compile(b) {
    const name = b.args[0]!.ev;
    return (rt) => rt.readPoint(toText(name(rt))) ?? null;
  },
};
