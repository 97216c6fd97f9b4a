import { RuntimeError } from '../runtime';
import { defineBuiltin, expr, key } from './define';

const HAN = /\p{Script=Han}/u;

export const cover = defineBuiltin({
  name: 'cover',
  params: [key('key'), expr('range')],
  returns: 'nil',
  doc: 'Masks characters `start..end` (1-based, inclusive, counted in characters; the end is clamped; negative positions count from the end) of a string value with `*`, or `＊` for Han characters. Non-string values and start > end are left alone.',
  examples: [
    { title: 'mask a phone number', script: 'add_key(p, "13812345678")\ncover(p, [4, 7])', input: 'x', fields: { p: '138****5678' } },
    { title: 'Han characters', script: 'add_key(n, "刘少波")\ncover(n, [1, 100])', input: 'x', fields: { n: '＊＊＊' } },
  ],
  compile({ key, range }) {
    return (rt) => {
      const v = rt.lookup(key);
      if (typeof v !== 'string') return null;
      const r = range(rt);
      if (!Array.isArray(r) || r.length !== 2 || typeof r[0] !== 'bigint' || typeof r[1] !== 'bigint') {
        throw new RuntimeError('cover range must be a list of two ints');
      }
      const chars = [...v];
      const n = chars.length;
      let start = Number(r[0]);
      let end = Number(r[1]);
      if (start < 0) start = n + start + 1;
      if (end < 0) end = n + end + 1;
      if (start < 1) start = 1;
      if (end > n) end = n;
      if (start > end) return null;
      for (let i = start - 1; i < end; i++) chars[i] = HAN.test(chars[i]) ? '＊' : '*';
      rt.write(key, chars.join(''));
      return null;
    };
  },
});
