import { RuntimeError } from '../runtime';
import { defineBuiltin, expr } from './define';

export const slice_string = defineBuiltin({
  name: 'slice_string',
  params: [expr('name'), expr('start'), expr('end')],
  returns: 'str',
  doc: 'Substring by character (code point) positions `[start, end)`; out-of-range positions give "".',
  examples: [{ title: 'characters, not bytes', script: 'add_key(r, slice_string("测试abc", 1, 4))', input: 'x', fields: { r: '试ab' } }],
  compile({ name: s, start: a, end: e }) {
    return (rt) => {
      const str = s(rt);
      const start = a(rt);
      const end = e(rt);
      if (typeof str !== 'string' || typeof start !== 'bigint' || typeof end !== 'bigint') throw new RuntimeError('slice_string expects (str, int, int)');
      const cs = [...str];
      if (start < 0n || end > BigInt(cs.length) || start > end) return '';
      return cs.slice(Number(start), Number(end)).join('');
    };
  },
});
