import { parseGoIntBase0 } from '../lexer';
import { RuntimeError } from '../runtime';
import { defineBuiltin, expr } from './define';

export const parse_int = defineBuiltin({
  name: 'parse_int',
  params: [expr('val'), expr('base')],
  returns: 'int',
  doc: 'Parses text as an integer in `base` (2–36; 0 means by prefix: `0x`, `0o`, `0b`, leading `0`). Invalid text is a runtime error.',
  examples: [
    { title: 'hex', script: 'add_key(r, parse_int("ff", 16))', input: 'x', fields: { r: 255n } },
    { title: 'by prefix', script: 'add_key(r, parse_int("0x1f", 0))', input: 'x', fields: { r: 31n } },
  ],
  compile({ val, base }) {
    return (rt) => {
      const s = val(rt);
      const bv = base(rt);
      if (typeof s !== 'string' || typeof bv !== 'bigint') throw new RuntimeError('parse_int expects (str, int)');
      const n = Number(bv);
      let out: bigint | undefined;
      if (n === 0) out = parseGoIntBase0(s);
      else if (n >= 2 && n <= 36) {
        const m = /^([+-]?)([0-9a-z]+)$/i.exec(s);
        if (m && [...m[2].toLowerCase()].every((c) => parseInt(c, 36) < n)) {
          out = [...m[2].toLowerCase()].reduce((acc, c) => acc * BigInt(n) + BigInt(parseInt(c, 36)), 0n) * (m[1] === '-' ? -1n : 1n);
          if (out !== BigInt.asIntN(64, out)) out = undefined;
        }
      }
      if (out === undefined) throw new RuntimeError(`parse_int: invalid syntax ${JSON.stringify(s)} for base ${n}`);
      return out;
    };
  },
});
