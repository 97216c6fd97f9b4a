import { toText } from '../value';
import type { BuiltinDef } from './types';

export const match: BuiltinDef = {
  name: 'match',
  params: [
    { name: 'pattern', kind: 'str' },
    { name: 's', kind: 'expr' },
  ],
  returns: 'bool',
  doc: 'Unanchored RE2 search of `pattern` in the text of `s`. The pattern is a string literal compiled at check time; `\'\'\'…\'\'\'` strings avoid doubling backslashes.',
  examples: [
    { title: 'raw string pattern', script: "add_key(m, match('''\\w+\\s[,\\w]+''', _))", input: 'abc def,ghi', fields: { m: true } },
    { title: 'no match', script: 'add_key(m, match("^[0-9]+$", _))', input: 'abc', fields: { m: false } },
  ],
  compile(b, cx) {
    const re = cx.regex(b.args[0]!.lit as string, b.args[0]!.node.pos);
    const s = b.args[1]!.ev;
    return (rt) => {
      const v = s(rt);
      if (v === null || !re) return false;
      return re.test(toText(v));
    };
  },
};
