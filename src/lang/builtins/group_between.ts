import { goParseFloat } from '../grok/compile';
import { RuntimeError } from '../runtime';
import { Value } from '../value';
import { defineBuiltin, expr, key, lit } from './define';

function asFloat(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return goParseFloat(v) ?? 0;
  return 0;
}

export const group_between = defineBuiltin({
  name: 'group_between',
  params: [key('key'), expr('range'), lit('new_value'), key('new_key').optional().shows('key')],
  returns: 'nil',
  doc: 'If the value of `key` (as a number; non-numeric text counts as 0) lies in the inclusive range `[lo, hi]`, writes `new_value` to `new_key`, or over `key` itself.',
  examples: [
    { title: 'status class', script: 'grok(_, "%{INT:code:int}")\ngroup_between(code, [400, 499], "warning", status)', input: '404', fields: { code: 404n, status: 'warning' } },
    { title: 'bounds are inclusive', script: 'json(_, s)\ngroup_between(s, [200, 400], 10, k)', input: '{"s": 200}', fields: { k: 10n } },
    { title: 'outside the range nothing happens', script: 'add_key(n, 7)\ngroup_between(n, [1, 5], "small")', input: 'x', fields: { n: 7n } },
  ],
  compile({ key, range, new_value: nv, new_key }, cx) {
    const newKey = new_key ?? key;
    const written = cx.node('range');
    if (written?.kind === 'list' && written.items.length !== 2) {
      cx.error(written.pos, 'group_between range must be a list of two numbers [lo, hi]');
    }
    return (rt) => {
      const v = rt.lookup(key);
      if (v === undefined) return null;
      const r = range(rt);
      if (!Array.isArray(r) || r.length !== 2) throw new RuntimeError('group_between range must be a list of two numbers');
      const x = asFloat(v);
      if (x >= asFloat(r[0]) && x <= asFloat(r[1])) rt.write(newKey, nv);
      return null;
    };
  },
});
