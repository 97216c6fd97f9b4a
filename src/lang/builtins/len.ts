import { defineBuiltin, expr } from './define';

export const len = defineBuiltin({
  name: 'len',
  params: [expr('val')],
  returns: 'int',
  doc: 'Length of a string in UTF-8 bytes, or the number of elements of a list or map; 0 for anything else.',
  examples: [
    { title: 'bytes, not characters', script: 'add_key(n, len("测试"))', input: 'x', fields: { n: 6n } },
    { title: 'list', script: 'add_key(n, len([1, 2, 3]))', input: 'x', fields: { n: 3n } },
  ],
  compile({ val: ev }) {
    return (rt) => {
      const v = ev(rt);
      if (typeof v === 'string') return BigInt(Buffer.byteLength(v, 'utf8'));
      if (Array.isArray(v)) return BigInt(v.length);
      if (v instanceof Map) return BigInt(v.size);
      return 0n;
    };
  },
});
