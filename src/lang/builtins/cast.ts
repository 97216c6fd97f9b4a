import { goParseBool, goParseFloat } from '../grok/compile';
import { Value, toText } from '../value';
import { defineBuiltin, key, str } from './define';

const TYPES = ['int', 'float', 'bool', 'str', 'string'];

export function castValue(v: Value, type: string): Value {
  switch (type) {
    case 'int': {
      if (typeof v === 'bigint') return v;
      if (typeof v === 'boolean') return v ? 1n : 0n;
      const f = typeof v === 'number' ? v : goParseFloat(toText(v)) ?? 0;
      if (!Number.isFinite(f)) return 0n;
      return BigInt.asIntN(64, BigInt(Math.trunc(f)));
    }
    case 'float': {
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return Number(v);
      if (typeof v === 'boolean') return v ? 1 : 0;
      return goParseFloat(toText(v)) ?? 0;
    }
    case 'bool': {
      if (typeof v === 'boolean') return v;
      if (typeof v === 'bigint') return v !== 0n;
      if (typeof v === 'number') return v !== 0;
      return goParseBool(toText(v)) ?? false;
    }
    case 'str': return toText(v);
    // The checker accepts "string" but Datakit's converter does not know it: the field becomes nil.
    default: return null;
  }
}

export const cast = defineBuiltin({
  name: 'cast',
  params: [key('key'), str('type')],
  returns: 'nil',
  doc: 'Converts the value of `key` in place. `"int"`: text is parsed as a float and truncated toward zero (`"+12.6"` → 12, `"08"` → 8, bad text → 0, bools → 0/1); `"float"`: float parse (bad → 0); `"bool"`: Go ParseBool of the text (`1 t T TRUE true True` are true, anything else false), numbers ≠ 0; `"str"`: text. Datakit quirk kept: `"string"` passes the check but sets the field to nil.',
  examples: [
    { title: 'float text to int', script: 'add_key(n, "+12.6")\ncast(n, "int")', input: 'x', fields: { n: 12n } },
    { title: 'leading zero is decimal here', script: 'add_key(n, "08")\ncast(n, "int")', input: 'x', fields: { n: 8n } },
    { title: 'to bool', script: 'add_key(b, "T")\ncast(b, "bool")', input: 'x', fields: { b: true } },
    { title: 'to float', script: 'add_key(f, "1e3")\ncast(f, "float")', input: 'x', fields: { f: 1000 } },
    { title: '"string" nulls the field', script: 'add_key(s, 1)\ncast(s, "string")', input: 'x', fields: { s: null } },
  ],
  compile({ key, type }, cx) {
    if (!TYPES.includes(type)) {
      cx.error(cx.pos('type'), `unsupported cast type "${type}"`, 'use "int", "float", "bool" or "str"');
      return () => null;
    }
    return (rt) => {
      const v = rt.lookup(key);
      if (v === undefined) return null;
      rt.write(key, castValue(v, type));
      return null;
    };
  },
});
