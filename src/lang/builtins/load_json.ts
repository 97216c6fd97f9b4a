import { fromJsonText } from '../value';
import { defineBuiltin, expr } from './define';

export const load_json = defineBuiltin({
  name: 'load_json',
  params: [expr('val')],
  returns: 'nil|bool|float|str|list|map',
  doc: 'Decodes JSON text into script values (numbers are floats). Invalid JSON or a non-string argument gives nil. Much cheaper than several `json()` calls on the same text.',
  examples: [
    {
      title: 'decode once, export parts',
      script: 'j = load_json(_)\nadd_key(user, j["user"]["name"])\nadd_key(n, len(j["items"]))',
      input: '{"user": {"name": "ann"}, "items": [1, 2, 3]}',
      fields: { user: 'ann', n: 3n },
    },
    { title: 'invalid JSON is nil', script: 'add_key(isnil, load_json(_) == nil)', input: '{oops', fields: { isnil: true } },
  ],
  compile({ val: ev }) {
    return (rt) => {
      const v = ev(rt);
      if (typeof v !== 'string') return null;
      const r = fromJsonText(v);
      return r.ok ? r.value : null;
    };
  },
});
