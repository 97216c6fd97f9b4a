import { toText } from '../value';
import type { BuiltinDef } from './types';

export const strlen: BuiltinDef = {
  name: 'strlen',
  params: [{ name: 's', kind: 'expr' }],
  returns: 'int',
  doc: 'Length of a string in characters (code points), unlike `len()` which counts bytes.',
  examples: [{ title: 'characters', script: 'add_key(n, strlen("测试ab"))', input: 'x', fields: { n: 4n } }],
  compile(b) {
    const ev = b.args[0]!.ev;
    return (rt) => {
      const v = ev(rt);
      return typeof v === 'string' ? BigInt([...v].length) : BigInt([...toText(v)].length);
    };
  },
};
