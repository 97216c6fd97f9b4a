import { RuntimeError } from '../runtime';
import type { BuiltinDef } from './types';

export const delete_: BuiltinDef = {
  name: 'delete',
  params: [
    { name: 'map', kind: 'expr' },
    { name: 'key', kind: 'expr' },
  ],
  returns: 'nil',
  doc: 'Removes `key` from a map value (a variable such as the result of `load_json`, or a nested element like `m["a"][0]`). Not for point fields: use `drop_key`.',
  examples: [{ title: 'trim a decoded object', script: 'm = load_json(_)\ndelete(m["a"], "secret")\nadd_key(m)', input: '{"a": {"secret": 1, "ok": 2}}', fields: { m: '{"a":{"ok":2}}' } }],
  compile(b) {
    const m = b.args[0]!.ev;
    const k = b.args[1]!.ev;
    return (rt) => {
      const target = m(rt);
      const key = k(rt);
      if (!(target instanceof Map)) return null;
      if (typeof key !== 'string') throw new RuntimeError('delete: key must be a str');
      target.delete(key);
      return null;
    };
  },
};
