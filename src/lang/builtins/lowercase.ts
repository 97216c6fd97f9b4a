import { toText } from '../value';
import type { BuiltinDef } from './types';

export const lowercase: BuiltinDef = {
  name: 'lowercase',
  params: [{ name: 'key', kind: 'key' }],
  returns: 'nil',
  doc: 'Converts the text of `key` to lower case (the result is a string even for numbers).',
  examples: [{ title: 'level', script: 'grok(_, "%{WORD:lvl}")\nlowercase(lvl)', input: 'ERROR', fields: { lvl: 'error' } }],
  compile(b) {
    const key = b.args[0]!.key as string;
    return (rt) => {
      const v = rt.lookup(key);
      if (v === undefined || v === null) return null;
      rt.write(key, toText(v).toLowerCase());
      return null;
    };
  },
};
