import { createHash } from 'node:crypto';
import { defineBuiltin, expr } from './define';

const METHODS = new Set(['md5', 'sha1', 'sha256', 'sha512']);

export const hash = defineBuiltin({
  name: 'hash',
  params: [expr('text').accepts('str'), expr('method').accepts('str')],
  returns: 'str',
  doc: 'Hex digest of the UTF-8 bytes of `text` with `md5`, `sha1`, `sha256` or `sha512`. Any other method gives "", as in Datakit. A literal argument that is not a string fails the check; a value that is not one stops the script with an error.',
  examples: [
    { title: 'md5', script: 'add_key(h, hash("abc", "md5"))', input: 'x', fields: { h: '900150983cd24fb0d6963f7d28e17f72' } },
    { title: 'an unknown method gives ""', script: 'add_key(h, hash("abc", "xx"))', input: 'x', fields: { h: '' } },
  ],
  compile({ text, method }) {
    return (rt) => {
      const v = text(rt) as string;
      const m = method(rt) as string;
      return METHODS.has(m) ? createHash(m).update(v, 'utf8').digest('hex') : '';
    };
  },
});
