import { RuntimeError } from '../runtime';
import { defineBuiltin, key } from './define';

/** Go url.QueryUnescape: `+` is a space, `%XX` bytes are decoded; a bad escape is an error. */
export function queryUnescape(s: string): string {
  const bytes: number[] = [];
  const buf = Buffer.from(s, 'utf8');
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c === 0x25) {
      const hex = buf.subarray(i + 1, i + 3).toString('latin1');
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new RuntimeError(`invalid URL escape ${JSON.stringify('%' + hex)}`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(c === 0x2b ? 0x20 : c);
  }
  return Buffer.from(bytes).toString('utf8');
}

export const url_decode = defineBuiltin({
  name: 'url_decode',
  params: [key('key')],
  returns: 'nil',
  doc: 'Decodes `%XX` escapes and `+` (as a space) in the text of `key`, like Go\'s url.QueryUnescape. A malformed escape is a runtime error that stops the script.',
  examples: [
    { title: 'decode a query', script: 'add_key(u, "a%20b+c%e6%b5%8b")\nurl_decode(u)', input: 'x', fields: { u: 'a b c测' } },
    { title: 'bad escape stops the script', script: 'add_key(u, "%zz")\nurl_decode(u)\nadd_key(after, 1)', input: 'x', error: 'invalid URL escape' },
  ],
  compile({ key }) {
    return (rt) => {
      const v = rt.lookup(key);
      if (typeof v !== 'string') return null;
      rt.write(key, queryUnescape(v));
      return null;
    };
  },
});
