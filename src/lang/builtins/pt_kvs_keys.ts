import type { BuiltinDef } from './types';

export const pt_kvs_keys: BuiltinDef = {
  name: 'pt_kvs_keys',
  params: [
    { name: 'tags', kind: 'bool', optional: true, default: 'true' },
    { name: 'fields', kind: 'bool', optional: true, default: 'true' },
  ],
  returns: 'list',
  doc: 'The names of the point\'s tags and/or fields.',
  examples: [{ title: 'field names', script: 'add_key(a, 1)\nadd_key(r, pt_kvs_keys(tags=false))', input: 'x', fields: { r: '["message","a"]' } }],
  compile(b) {
    const tags = b.args[0] ? (b.args[0].lit as boolean) : true;
    const fields = b.args[1] ? (b.args[1].lit as boolean) : true;
    return (rt) => [...(tags ? rt.tags.keys() : []), ...(fields ? rt.fields.keys() : [])];
  },
};
