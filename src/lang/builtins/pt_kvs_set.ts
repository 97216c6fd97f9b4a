import { toText } from '../value';
import type { BuiltinDef } from './types';

export const pt_kvs_set: BuiltinDef = {
  name: 'pt_kvs_set',
  params: [
    { name: 'name', kind: 'expr' },
    { name: 'value', kind: 'expr' },
    { name: 'as_tag', kind: 'bool', optional: true, default: 'false' },
    { name: 'raw', kind: 'bool', optional: true, default: 'false' },
  ],
  returns: 'bool',
  doc: 'Writes a field (or, with `as_tag=true`, a tag) under a computed name. Lists and maps are stored as JSON text.',
  examples: [
    { title: 'field', script: 'pt_kvs_set("k" + "1", 5)', input: 'x', fields: { k1: 5n } },
    { title: 'tag', script: 'pt_kvs_set("env", "prod", as_tag=true)', input: 'x', tags: { env: 'prod' } },
  ],
  compile(b) {
    const name = b.args[0]!.ev;
    const value = b.args[1]!.ev;
    const asTag = b.args[2] ? (b.args[2].lit as boolean) : false;
    return (rt) => {
      const k = toText(name(rt));
      const v = value(rt);
      if (asTag) rt.setTag(k, v);
      else rt.write(k, v);
      return true;
    };
  },
};
