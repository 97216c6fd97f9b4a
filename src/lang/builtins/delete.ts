import { RuntimeError } from '../runtime';
import { defineBuiltin, expr } from './define';

export const delete_ = defineBuiltin({
  name: 'delete',
  params: [expr('map'), expr('key')],
  returns: 'nil',
  doc: 'Removes `key` from a map value (a variable such as the result of `load_json`, or a nested element like `m["a"][0]`). Not for point fields: use `drop_key`.',
  examples: [{ title: 'trim a decoded object', script: 'm = load_json(_)\ndelete(m["a"], "secret")\nadd_key(m)', input: '{"a": {"secret": 1, "ok": 2}}', fields: { m: '{"a":{"ok":2}}' } }],
  compile({ map: m, key: k }) {
    return (rt) => {
      const target = m(rt);
      const key = k(rt);
      if (!(target instanceof Map)) return null;
      if (typeof key !== 'string') throw new RuntimeError('delete: key must be a str');
      target.delete(key);
      return null;
    };
  },
});
