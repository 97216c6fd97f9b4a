import { toText } from '../value';
import { defineBuiltin, key } from './define';

export const lowercase = defineBuiltin({
  name: 'lowercase',
  params: [key('key')],
  returns: 'nil',
  doc: 'Converts the text of `key` to lower case (the result is a string even for numbers).',
  examples: [{ title: 'level', script: 'grok(_, "%{WORD:lvl}")\nlowercase(lvl)', input: 'ERROR', fields: { lvl: 'error' } }],
  compile({ key }) {
    return (rt) => {
      const v = rt.lookup(key);
      if (v === undefined || v === null) return null;
      rt.write(key, toText(v).toLowerCase());
      return null;
    };
  },
});
