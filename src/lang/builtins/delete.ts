import { RuntimeError } from '../runtime';
import { defineBuiltin, expr, str } from './define';

export const delete_ = defineBuiltin({
  name: 'delete',
  params: [expr('map'), str('key')],
  returns: 'nil',
  doc: 'Removes `key` from a map value (a variable such as the result of `load_json`, or a nested element like `m["a"][0]`). As in Datakit, nothing happens when the element is not there: an index out of range, a missing key or a value that is not a map. Not for point fields: use `drop_key`.',
  examples: [
    { title: 'trim a decoded object', script: 'm = load_json(_)\ndelete(m["a"], "secret")\nadd_key(m)', input: '{"a": {"secret": 1, "ok": 2}}', fields: { m: '{"a":{"ok":2}}' } },
    { title: 'negative index counts from the end', script: 'm = load_json(_)\ndelete(m["a"][-1], "b")\nadd_key(m)', input: '{"a": [1, {"b": 2}]}', fields: { m: '{"a":[1,{}]}' } },
    { title: 'an index out of range is ignored', script: 'm = load_json(_)\ndelete(m["a"][-7], "b")\nadd_key(m)', input: '{"a": [1, {"b": 2}]}', fields: { m: '{"a":[1,{"b":2}]}' } },
  ],
  compile({ map: m, key }) {
    return (rt) => {
      let target;
      try {
        target = m(rt);
      } catch (e) {
        // Go walks the index path itself and gives up quietly on any step that does not fit.
        if (e instanceof RuntimeError) return null;
        throw e;
      }
      if (target instanceof Map) target.delete(key);
      return null;
    };
  },
});
