import { RuntimeError } from '../runtime';
import { Value, toText } from '../value';
import { defineBuiltin, expr, key, str } from './define';

export const kv_split = defineBuiltin({
  name: 'kv_split',
  params: [
    key('key'),
    str('field_split_pattern').optional(' '),
    str('value_split_pattern').optional('='),
    str('trim_key').optional(''),
    str('trim_value').optional(''),
    expr('include_keys').optional().shows('[]'),
    str('prefix').optional(''),
  ],
  returns: 'bool',
  doc: 'Splits the text of `key` into pieces with the `field_split_pattern` regex, splits each piece once with `value_split_pattern`, trims the characters of `trim_key`/`trim_value` from both ends, and writes string fields `prefix + key` for keys listed in `include_keys`. An empty `include_keys` extracts nothing and returns false.',
  examples: [
    { title: 'selected keys', script: 'kv_split(_, include_keys=["a", "c"], prefix="kv_")', input: 'a=1 b=2 c=x=y', fields: { kv_a: '1', kv_c: 'x=y' }, absent: ['kv_b'] },
    { title: 'custom separators and trimming', script: 'kv_split(_, ";", ":", trim_value="\\"", include_keys=["user"])', input: 'user:"ann";id:7', fields: { user: 'ann' } },
  ],
  compile({ key, field_split_pattern, value_split_pattern, trim_key, trim_value, include_keys: include, prefix }, cx) {
    const fieldRe = cx.regex(field_split_pattern, cx.pos('field_split_pattern'), 'g');
    const valueRe = cx.regex(value_split_pattern, cx.pos('value_split_pattern'));
    const trimKey = [...trim_key];
    const trimValue = [...trim_value];
    const cut = (s: string, set: string[]) => {
      if (!set.length) return s;
      const cs = [...s];
      let a = 0;
      let z = cs.length;
      while (a < z && set.includes(cs[a])) a++;
      while (z > a && set.includes(cs[z - 1])) z--;
      return cs.slice(a, z).join('');
    };
    return (rt) => {
      const v = rt.lookup(key);
      if (typeof v !== 'string' || !fieldRe || !valueRe) return false;
      const inc: Value = include ? include(rt) : [];
      if (!Array.isArray(inc)) throw new RuntimeError('kv_split include_keys must be a list');
      const wanted = new Set(inc.map(toText));
      if (wanted.size === 0) return false;
      let wrote = false;
      for (const piece of v.split(fieldRe)) {
        if (piece === '') continue;
        const m = valueRe.exec(piece);
        if (!m) continue;
        const k = cut(piece.slice(0, m.index), trimKey);
        const val = cut(piece.slice(m.index + m[0].length), trimValue);
        if (k === '' || !wanted.has(k)) continue;
        rt.write(prefix + k, val);
        wrote = true;
      }
      return wrote;
    };
  },
});
