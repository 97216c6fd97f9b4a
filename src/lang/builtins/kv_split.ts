import { RuntimeError } from '../runtime';
import { Value, toText } from '../value';
import type { BuiltinDef } from './types';

export const kv_split: BuiltinDef = {
  name: 'kv_split',
  params: [
    { name: 'key', kind: 'key' },
    { name: 'field_split_pattern', kind: 'str', optional: true, default: '" "' },
    { name: 'value_split_pattern', kind: 'str', optional: true, default: '"="' },
    { name: 'trim_key', kind: 'str', optional: true, default: '""' },
    { name: 'trim_value', kind: 'str', optional: true, default: '""' },
    { name: 'include_keys', kind: 'expr', optional: true, default: '[]' },
    { name: 'prefix', kind: 'str', optional: true, default: '""' },
  ],
  returns: 'bool',
  doc: 'Splits the text of `key` into pieces with the `field_split_pattern` regex, splits each piece once with `value_split_pattern`, trims the characters of `trim_key`/`trim_value` from both ends, and writes string fields `prefix + key` for keys listed in `include_keys`. An empty `include_keys` extracts nothing and returns false.',
  examples: [
    { title: 'selected keys', script: 'kv_split(_, include_keys=["a", "c"], prefix="kv_")', input: 'a=1 b=2 c=x=y', fields: { kv_a: '1', kv_c: 'x=y' }, absent: ['kv_b'] },
    { title: 'custom separators and trimming', script: 'kv_split(_, ";", ":", trim_value="\\"", include_keys=["user"])', input: 'user:"ann";id:7', fields: { user: 'ann' } },
  ],
  compile(b, cx) {
    const key = b.args[0]!.key as string;
    const fieldRe = cx.regex((b.args[1]?.lit as string | undefined) ?? ' ', b.args[1]?.node.pos ?? b.call.pos, 'g');
    const valueRe = cx.regex((b.args[2]?.lit as string | undefined) ?? '=', b.args[2]?.node.pos ?? b.call.pos);
    const trimKey = [...((b.args[3]?.lit as string | undefined) ?? '')];
    const trimValue = [...((b.args[4]?.lit as string | undefined) ?? '')];
    const include = b.args[5]?.ev;
    const prefix = (b.args[6]?.lit as string | undefined) ?? '';
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
};
