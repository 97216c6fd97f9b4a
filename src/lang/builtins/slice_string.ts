import { RuntimeError } from '../runtime';
import type { BuiltinDef } from './types';

export const slice_string: BuiltinDef = {
  name: 'slice_string',
  params: [
    { name: 'name', kind: 'expr' },
    { name: 'start', kind: 'expr' },
    { name: 'end', kind: 'expr' },
  ],
  returns: 'str',
  doc: 'Substring by character (code point) positions `[start, end)`; out-of-range positions give "".',
  examples: [{ title: 'characters, not bytes', script: 'add_key(r, slice_string("测试abc", 1, 4))', input: 'x', fields: { r: '试ab' } }],
  compile(b) {
    const s = b.args[0]!.ev;
    const a = b.args[1]!.ev;
    const e = b.args[2]!.ev;
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
};
