import { toText } from '../value';
import { defineBuiltin, key } from './define';

/** Go's strings.ToUpper maps rune by rune: no expansion such as ß → SS. */
export function goToUpper(s: string): string {
  let out = '';
  for (const ch of s) {
    const u = ch.toUpperCase();
    out += [...u].length === 1 ? u : ch;
  }
  return out;
}

export const uppercase = defineBuiltin({
  name: 'uppercase',
  params: [key('key')],
  returns: 'nil',
  doc: 'Converts the text of `key` to upper case, character by character (`ß` stays `ß`, as in Go).',
  examples: [
    { title: 'method', script: 'grok(_, "%{WORD:m}")\nuppercase(m)', input: 'get', fields: { m: 'GET' } },
    { title: 'no expansion', script: 'add_key(s, "straße")\nuppercase(s)', input: 'x', fields: { s: 'STRAßE' } },
  ],
  compile({ key }) {
    return (rt) => {
      const v = rt.lookup(key);
      if (v === undefined || v === null) return null;
      rt.write(key, goToUpper(toText(v)));
      return null;
    };
  },
});
