import { toText } from '../value';
import { defineBuiltin, key } from './define';

export const b64enc = defineBuiltin({
  name: 'b64enc',
  params: [key('key')],
  returns: 'nil',
  doc: 'Replaces the text of `key` with its standard base64 encoding.',
  examples: [{ title: 'encode', script: 'add_key(s, "hello")\nb64enc(s)', input: 'x', fields: { s: 'aGVsbG8=' } }],
  compile({ key }) {
    return (rt) => {
      const v = rt.lookup(key);
      if (v === undefined || v === null) return null;
      rt.write(key, Buffer.from(toText(v), 'utf8').toString('base64'));
      return null;
    };
  },
});
