import { typeOf } from '../value';
import { defineBuiltin, expr } from './define';

export const value_type = defineBuiltin({
  name: 'value_type',
  params: [expr('val')],
  returns: 'str',
  doc: 'The type of a value: "int", "float", "bool", "str", "list", "map", or "" for nil.',
  examples: [
    { title: 'json numbers are floats', script: 'j = load_json(_)\nadd_key(t, value_type(j["n"]))\nadd_key(u, value_type(j["missing"]))', input: '{"n": 1}', fields: { t: 'float', u: '' } },
  ],
  compile({ val: ev }) {
    return (rt) => {
      const t = typeOf(ev(rt));
      return t === 'nil' ? '' : t;
    };
  },
});
