import { toText } from '../value';
import { defineBuiltin, expr } from './define';

export const pt_kvs_del = defineBuiltin({
  name: 'pt_kvs_del',
  params: [expr('name')],
  returns: 'nil',
  doc: 'Deletes a tag or field of the point by a computed name.',
  examples: [{ title: 'dynamic delete', script: 'add_key(tmp_1, 1)\npt_kvs_del("tmp_" + "1")', input: 'x', absent: ['tmp_1'] }],
  compile({ name }) {
    return (rt) => { rt.remove(toText(name(rt))); return null; };
  },
});
