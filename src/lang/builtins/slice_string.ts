import { defineBuiltin, expr } from './define';

export const slice_string = defineBuiltin({
  name: 'slice_string',
  params: [expr('name').accepts('str'), expr('start').accepts('int'), expr('end').accepts('int')],
  returns: 'str',
  doc: 'Substring by character (code point) positions `[start, end)`. An end past the string is clamped to its length, as in Datakit; a negative start or a start after the end gives "". A literal argument of the wrong type fails the check; a value of the wrong type stops the script with an error.',
  examples: [
    { title: 'characters, not bytes', script: 'add_key(r, slice_string("测试abc", 1, 4))', input: 'x', fields: { r: '试ab' } },
    { title: 'an end past the string is clamped', script: 'add_key(r, slice_string("abcdef", 2, 100))', input: 'x', fields: { r: 'cdef' } },
    { title: 'a negative start gives ""', script: 'add_key(r, slice_string("abcdef", -1, 3))', input: 'x', fields: { r: '' } },
  ],
  compile({ name: s, start: a, end: e }) {
    return (rt) => {
      const str = s(rt) as string;
      const start = a(rt) as bigint;
      let end = e(rt) as bigint;
      const cs = [...str];
      if (end > BigInt(cs.length)) end = BigInt(cs.length);
      if (start < 0n || start > end) return '';
      return cs.slice(Number(start), Number(end)).join('');
    };
  },
});
