import type { BuiltinDef } from './types';

export const setopt: BuiltinDef = {
  name: 'setopt',
  params: [{ name: 'status_mapping', kind: 'bool', optional: true, default: 'true' }],
  returns: 'nil',
  doc: 'Script options. `status_mapping=false` keeps the log `status` as written instead of mapping aliases (`w` → `warning`, …) after the run.',
  examples: [
    { title: 'mapping on (default)', script: 'add_key(status, "W")', input: 'x', fields: { status: 'warning' } },
    { title: 'mapping off', script: 'setopt(status_mapping=false)\nadd_key(status, "W")', input: 'x', fields: { status: 'W' } },
  ],
  compile(b) {
    const on = b.args[0] ? (b.args[0].lit as boolean) : true;
    return (rt) => { rt.statusMapping = on; return null; };
  },
};
