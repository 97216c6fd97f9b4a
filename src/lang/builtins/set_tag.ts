import { defineBuiltin, expr, key } from './define';

export const set_tag = defineBuiltin({
  name: 'set_tag',
  params: [key('key'), expr('value').optional()],
  returns: 'nil',
  doc: 'Makes `key` a tag: a field of that name is removed and the value (the given one, else the current value, else `""`) is stored as text. Later writes to the key by any function update the tag.',
  examples: [
    { title: 'promote a capture', script: 'grok(_, "%{WORD:host}")\nset_tag(host)', input: 'web01', tags: { host: 'web01' }, absent: ['host'] },
    { title: 'tag before the field exists', script: 'set_tag(code)\ngrok(_, "%{INT:code}")', input: '404', tags: { code: '404' }, absent: ['code'] },
    { title: 'explicit value', script: 'set_tag(env, "prod")', input: 'x', tags: { env: 'prod' } },
  ],
  compile({ key, value }) {
    return (rt) => {
      const v = value ? value(rt) : rt.lookup(key) ?? '';
      rt.setTag(key, v);
      return null;
    };
  },
});
