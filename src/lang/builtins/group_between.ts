import { goParseFloat } from '../grok/compile';
import { RuntimeError } from '../runtime';
import { Value } from '../value';
import type { BuiltinDef } from './types';

function asFloat(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return goParseFloat(v) ?? 0;
  return 0;
}

export const group_between: BuiltinDef = {
  name: 'group_between',
  params: [
    { name: 'key', kind: 'key' },
    { name: 'range', kind: 'expr' },
    { name: 'new_value', kind: 'lit' },
    { name: 'new_key', kind: 'key', optional: true, default: 'key' },
  ],
  returns: 'nil',
  doc: 'If the value of `key` (as a number; non-numeric text counts as 0) lies in the inclusive range `[lo, hi]`, writes `new_value` to `new_key`, or over `key` itself.',
  examples: [
    { title: 'status class', script: 'grok(_, "%{INT:code:int}")\ngroup_between(code, [400, 499], "warning", status)', input: '404', fields: { code: 404n, status: 'warning' } },
    { title: 'bounds are inclusive', script: 'json(_, s)\ngroup_between(s, [200, 400], 10, k)', input: '{"s": 200}', fields: { k: 10n } },
    { title: 'outside the range nothing happens', script: 'add_key(n, 7)\ngroup_between(n, [1, 5], "small")', input: 'x', fields: { n: 7n } },
  ],
  compile(b, cx) {
    const key = b.args[0]!.key as string;
    const range = b.args[1]!;
    const nv = b.args[2]!.lit as Value;
    const newKey = b.args[3]?.key ?? key;
    if (range.node.kind === 'list' && range.node.items.length !== 2) {
      cx.error(range.node.pos, 'group_between range must be a list of two numbers [lo, hi]');
    }
    return (rt) => {
      const v = rt.lookup(key);
      if (v === undefined) return null;
      const r = range.ev(rt);
      if (!Array.isArray(r) || r.length !== 2) throw new RuntimeError('group_between range must be a list of two numbers');
      const x = asFloat(v);
      if (x >= asFloat(r[0]) && x <= asFloat(r[1])) rt.write(newKey, nv);
      return null;
    };
  },
};
