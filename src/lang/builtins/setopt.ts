import { defineBuiltin, bool } from './define';

export const setopt = defineBuiltin({
  name: 'setopt',
  params: [bool('status_mapping').optional(true)],
  returns: 'nil',
  doc: 'Script options. `status_mapping=false` keeps the log `status` as written instead of mapping aliases (`w` → `warning`, …) after the run.',
  examples: [
    { title: 'mapping on (default)', script: 'add_key(status, "W")', input: 'x', fields: { status: 'warning' } },
    { title: 'mapping off', script: 'setopt(status_mapping=false)\nadd_key(status, "W")', input: 'x', fields: { status: 'W' } },
  ],
  compile({ status_mapping: on }) {
    return (rt) => { rt.statusMapping = on; return null; };
  },
});
