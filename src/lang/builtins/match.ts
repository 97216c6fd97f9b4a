import { toText } from '../value';
import { defineBuiltin, expr, str } from './define';

export const match = defineBuiltin({
  name: 'match',
  params: [str('pattern'), expr('s')],
  returns: 'bool',
  doc: 'Unanchored RE2 search of `pattern` in the text of `s`. The pattern is a string literal compiled at check time; `\'\'\'…\'\'\'` strings avoid doubling backslashes.',
  examples: [
    { title: 'raw string pattern', script: "add_key(m, match('''\\w+\\s[,\\w]+''', _))", input: 'abc def,ghi', fields: { m: true } },
    { title: 'no match', script: 'add_key(m, match("^[0-9]+$", _))', input: 'abc', fields: { m: false } },
  ],
  compile({ pattern, s }, cx) {
    const re = cx.regex(pattern, cx.pos('pattern'));
    return (rt) => {
      const v = s(rt);
      if (v === null || !re) return false;
      return re.test(toText(v));
    };
  },
});
