import { strictEqual } from '../value';
import { defineBuiltin, expr, key, lit } from './define';

export const group_in = defineBuiltin({
  name: 'group_in',
  params: [key('key'), expr('set'), lit('new_value'), key('new_key').optional().shows('key')],
  returns: 'nil',
  doc: 'If the value of `key` is an element of the list `set` (exact type and value: a grok string "200" matches "200", not 200; json numbers are floats), writes `new_value` to `new_key`, or over `key` itself.',
  examples: [
    { title: 'string captures match string elements', script: 'grok(_, "%{WORD:lvl}")\ngroup_in(lvl, ["WARN", "ERROR"], "bad", sev)', input: 'ERROR', fields: { sev: 'bad' } },
    { title: 'types must match', script: 'grok(_, "%{INT:code}")\ngroup_in(code, [200], "ok", r)', input: '200', absent: ['r'] },
  ],
  compile({ key, set, new_value: nv, new_key }) {
    const newKey = new_key ?? key;
    return (rt) => {
      const v = rt.lookup(key);
      if (v === undefined) return null;
      const s = set(rt);
      if (Array.isArray(s) && s.some((x) => strictEqual(x, v))) rt.write(newKey, nv);
      return null;
    };
  },
});
