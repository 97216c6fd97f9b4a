import { Value, strictEqual } from '../value';
import type { BuiltinDef } from './types';

export const group_in: BuiltinDef = {
  name: 'group_in',
  params: [
    { name: 'key', kind: 'key' },
    { name: 'set', kind: 'expr' },
    { name: 'new_value', kind: 'lit' },
    { name: 'new_key', kind: 'key', optional: true, default: 'key' },
  ],
  returns: 'nil',
  doc: 'If the value of `key` is an element of the list `set` (exact type and value: a grok string "200" matches "200", not 200; json numbers are floats), writes `new_value` to `new_key`, or over `key` itself.',
  examples: [
    { title: 'string captures match string elements', script: 'grok(_, "%{WORD:lvl}")\ngroup_in(lvl, ["WARN", "ERROR"], "bad", sev)', input: 'ERROR', fields: { sev: 'bad' } },
    { title: 'types must match', script: 'grok(_, "%{INT:code}")\ngroup_in(code, [200], "ok", r)', input: '200', absent: ['r'] },
  ],
  compile(b) {
    const key = b.args[0]!.key as string;
    const set = b.args[1]!.ev;
    const nv = b.args[2]!.lit as Value;
    const newKey = b.args[3]?.key ?? key;
    return (rt) => {
      const v = rt.lookup(key);
      if (v === undefined) return null;
      const s = set(rt);
      if (Array.isArray(s) && s.some((x) => strictEqual(x, v))) rt.write(newKey, nv);
      return null;
    };
  },
};
