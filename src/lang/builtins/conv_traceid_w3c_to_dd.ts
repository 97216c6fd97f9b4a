import { defineBuiltin, key } from './define';

export const conv_traceid_w3c_to_dd = defineBuiltin({
  name: 'conv_traceid_w3c_to_dd',
  params: [key('key')],
  returns: 'nil',
  doc: 'Converts a hex W3C trace id (32 or 16 hex digits) in `key` to the decimal form of its low 64 bits, as Datadog tracers log it. Other text is left unchanged.',
  examples: [{ title: '128-bit id', script: 'add_key(t, "4bf92f3577b34da6a3ce929d0e0e4736")\nconv_traceid_w3c_to_dd(t)', input: 'x', fields: { t: '11803532876627986230' } }],
  compile({ key }) {
    return (rt) => {
      const v = rt.lookup(key);
      if (typeof v !== 'string' || !/^[0-9a-fA-F]{16}([0-9a-fA-F]{16})?$/.test(v)) return null;
      rt.write(key, BigInt('0x' + v.slice(-16)).toString());
      return null;
    };
  },
});
