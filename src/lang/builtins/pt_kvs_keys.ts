import { defineBuiltin, bool } from './define';

export const pt_kvs_keys = defineBuiltin({
  name: 'pt_kvs_keys',
  params: [bool('tags').optional(true), bool('fields').optional(true)],
  returns: 'list',
  doc: 'The names of the point\'s tags and/or fields.',
  examples: [{ title: 'field names', script: 'add_key(a, 1)\nadd_key(r, pt_kvs_keys(tags=false))', input: 'x', fields: { r: '["message","a"]' } }],
  compile({ tags, fields }) {
    return (rt) => [...(tags ? rt.tags.keys() : []), ...(fields ? rt.fields.keys() : [])];
  },
});
