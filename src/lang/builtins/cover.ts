import type { Expr } from '../ast';
import { defineBuiltin, expr, key } from './define';

const HAN = /\p{Script=Han}/u;

/** The [start, end] of a range written as a list of two int or float literals; floats are truncated as in Go. */
function rangeOf(node: Expr | undefined): [number, number] | undefined {
  if (node?.kind !== 'list' || node.items.length !== 2) return undefined;
  const ends = node.items.map((x) => (x.kind === 'int' ? Number(x.value) : x.kind === 'float' ? Math.trunc(x.value) : undefined));
  return ends[0] === undefined || ends[1] === undefined ? undefined : [ends[0], ends[1]];
}

export const cover = defineBuiltin({
  name: 'cover',
  params: [key('key'), expr('range')],
  returns: 'nil',
  doc: 'Masks characters `start..end` (1-based, inclusive, counted in characters) of a string value with `*`, or `＊` for Han characters. The range is a literal list of two numbers (anything else fails the check, as in Datakit). An end past the string is clamped; a negative position, or a start of 0, counts from the end (`-1` is the last character); a start after the end leaves the value alone. Values that are not strings are left alone.',
  examples: [
    { title: 'mask a phone number', script: 'add_key(p, "13812345678")\ncover(p, [4, 7])', input: 'x', fields: { p: '138****5678' } },
    { title: 'Han characters', script: 'add_key(n, "刘少波")\ncover(n, [1, 100])', input: 'x', fields: { n: '＊＊＊' } },
    { title: 'from the end', script: 'add_key(c, "12345678")\ncover(c, [-4, -1])', input: 'x', fields: { c: '1234****' } },
  ],
  compile({ key }, cx) {
    const r = rangeOf(cx.node('range'));
    if (!r) {
      cx.error(cx.pos('range'), 'cover range must be a list of two numbers, like [1, 4]');
      return () => null;
    }
    return (rt) => {
      const v = rt.lookup(key);
      if (typeof v !== 'string') return null;
      const chars = [...v];
      const n = chars.length;
      let [start, end] = r;
      // Go's order: clamp the end, then turn non-positive positions into ones from the end.
      if (end > n) end = n;
      if (end < 0) end += n + 1;
      if (start <= 0) start += n + 1;
      if (start > end) return null;
      for (let i = Math.max(start, 1) - 1; i < end; i++) chars[i] = HAN.test(chars[i]) ? '＊' : '*';
      rt.write(key, chars.join(''));
      return null;
    };
  },
});
