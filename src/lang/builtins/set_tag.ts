import type { BuiltinDef } from './types';

export const set_tag: BuiltinDef = {
  name: 'set_tag',
  params: [
    { name: 'key', kind: 'key' },
    { name: 'value', kind: 'expr', optional: true },
  ],
  returns: 'nil',
  doc: 'Makes `key` a tag: a field of that name is removed and the value (the given one, else the current value, else `""`) is stored as text. Later writes to the key by any function update the tag.',
  examples: [
    { title: 'promote a capture', script: 'grok(_, "%{WORD:host}")\nset_tag(host)', input: 'web01', tags: { host: 'web01' }, absent: ['host'] },
    { title: 'tag before the field exists', script: 'set_tag(code)\ngrok(_, "%{INT:code}")', input: '404', tags: { code: '404' }, absent: ['code'] },
    { title: 'explicit value', script: 'set_tag(env, "prod")', input: 'x', tags: { env: 'prod' } },
  ],
  compile(b) {
    const key = b.args[0]!.key as string;
    const value = b.args[1]?.ev;
    return (rt) => {
      const v = value ? value(rt) : rt.lookup(key) ?? '';
      rt.setTag(key, v);
      return null;
    };
  },
};
