import { toText } from '../value';
import { defineBuiltin, expr } from './define';

export const strlen = defineBuiltin({
  name: 'strlen',
  params: [expr('s')],
  returns: 'int',
  doc: 'Length of a string in characters (code points), unlike `len()` which counts bytes.',
  examples: [{ title: 'characters', script: 'add_key(n, strlen("测试ab"))', input: 'x', fields: { n: 4n } }],
  compile({ s: ev }) {
    return (rt) => {
      const v = ev(rt);
      return typeof v === 'string' ? BigInt([...v].length) : BigInt([...toText(v)].length);
    };
  },
});
