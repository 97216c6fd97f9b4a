import { defineBuiltin, expr } from './define';

export const valid_json = defineBuiltin({
  name: 'valid_json',
  params: [expr('s')],
  returns: 'bool',
  doc: 'Whether the value is a string holding valid JSON.',
  examples: [
    { title: 'object', script: 'add_key(ok, valid_json(_))', input: '{"a": 1}', fields: { ok: true } },
    { title: 'garbage', script: 'add_key(ok, valid_json(_))', input: '{a: 1}', fields: { ok: false } },
  ],
  compile({ s: ev }) {
    return (rt) => {
      const v = ev(rt);
      if (typeof v !== 'string') return false;
      try {
        JSON.parse(v);
        return true;
      } catch {
        return false;
      }
    };
  },
});
