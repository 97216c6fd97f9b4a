import { toText } from '../value';
import { defineBuiltin, key, str } from './define';

const SPACE = /^[\s\u0085]+|[\s\u0085]+$/gu;

export const trim = defineBuiltin({
  name: 'trim',
  params: [key('key'), str('cutset').optional('')],
  returns: 'nil',
  doc: 'Removes leading and trailing whitespace from the text of `key`, or, with a `cutset`, any of its characters. The value is read variable-first but always written to the point.',
  examples: [
    { title: 'whitespace', script: 'add_key(s, "  hi \\t")\ntrim(s)', input: 'x', fields: { s: 'hi' } },
    { title: 'cutset', script: 'add_key(s, "ACCAA_test_DataA_ACBA")\ntrim(s, "ABC_")', input: 'x', fields: { s: 'test_Data' } },
    { title: 'reads a variable, writes the point', script: 'item = " x "\ntrim(item)', input: 'y', fields: { item: 'x' } },
  ],
  compile({ key, cutset }) {
    const cut = [...cutset];
    return (rt) => {
      const v = rt.lookup(key);
      if (v === undefined || v === null) return null;
      let s = toText(v);
      if (cut.length === 0) s = s.replace(SPACE, '');
      else {
        const chars = [...s];
        let a = 0;
        let z = chars.length;
        while (a < z && cut.includes(chars[a])) a++;
        while (z > a && cut.includes(chars[z - 1])) z--;
        s = chars.slice(a, z).join('');
      }
      rt.write(key, s);
      return null;
    };
  },
});
