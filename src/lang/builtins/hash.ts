import { createHash } from 'node:crypto';
import { defineBuiltin, expr, str } from './define';

const METHODS = ['md5', 'sha1', 'sha256', 'sha512'];

export const hash = defineBuiltin({
  name: 'hash',
  params: [expr('text'), str('method')],
  returns: 'str',
  doc: 'Hex digest of a string with `md5`, `sha1`, `sha256` or `sha512`; "" for non-strings.',
  examples: [{ title: 'md5', script: 'add_key(h, hash("abc", "md5"))', input: 'x', fields: { h: '900150983cd24fb0d6963f7d28e17f72' } }],
  compile({ text, method }, cx) {
    if (!METHODS.includes(method)) cx.error(cx.pos('method'), `unsupported hash method "${method}"`, 'use md5, sha1, sha256 or sha512');
    return (rt) => {
      const v = text(rt);
      return typeof v === 'string' ? createHash(method).update(v, 'utf8').digest('hex') : '';
    };
  },
});
