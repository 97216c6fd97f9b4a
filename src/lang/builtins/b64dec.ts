import { defineBuiltin, key } from './define';

export const b64dec = defineBuiltin({
  name: 'b64dec',
  params: [key('key')],
  returns: 'nil',
  doc: 'Replaces standard base64 text in `key` with the decoded text; invalid base64 is left unchanged.',
  examples: [
    { title: 'decode', script: 'add_key(s, "aGVsbG8=")\nb64dec(s)', input: 'x', fields: { s: 'hello' } },
    { title: 'invalid stays', script: 'add_key(s, "not*base64")\nb64dec(s)', input: 'x', fields: { s: 'not*base64' } },
  ],
  compile({ key }) {
    return (rt) => {
      const v = rt.lookup(key);
      if (typeof v !== 'string') return null;
      if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v)) return null;
      rt.write(key, Buffer.from(v, 'base64').toString('utf8'));
      return null;
    };
  },
});
