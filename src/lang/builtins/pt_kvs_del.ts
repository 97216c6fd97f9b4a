import { toText } from '../value';
import type { BuiltinDef } from './types';

export const pt_kvs_del: BuiltinDef = {
  name: 'pt_kvs_del',
  params: [{ name: 'name', kind: 'expr' }],
  returns: 'nil',
  doc: 'Deletes a tag or field of the point by a computed name.',
  examples: [{ title: 'dynamic delete', script: 'add_key(tmp_1, 1)\npt_kvs_del("tmp_" + "1")', input: 'x', absent: ['tmp_1'] }],
  compile(b) {
    const name = b.args[0]!.ev;
    return (rt) => { rt.remove(toText(name(rt))); return null; };
  },
};
