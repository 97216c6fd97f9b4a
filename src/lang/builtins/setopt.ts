import { defineBuiltin, bool } from './define';

export const setopt = defineBuiltin({
  name: 'setopt',
  params: [bool('status_mapping').optional(true)],
  returns: 'nil',
  doc: 'Script options, given by name only (as in Datakit, `setopt(false)` fails the check). `status_mapping=false` turns off Datakit\'s post-run status rule for this line: `status` stays as the script left it (aliases such as `w` are not mapped, and no default `info` is added).',
  examples: [
    { title: 'mapping on (default)', script: 'add_key(status, "W")', input: 'x', fields: { status: 'warning' } },
    { title: 'mapping off', script: 'setopt(status_mapping=false)\nadd_key(status, "W")', input: 'x', fields: { status: 'W' } },
    { title: 'mapping off: no default status', script: 'setopt(status_mapping=false)', input: 'x', absent: ['status'] },
  ],
  compile({ status_mapping: on }, cx) {
    const positional = cx.call.args.find((a) => a.name === undefined);
    if (positional) cx.error(positional.pos, 'setopt() takes named arguments only', 'write setopt(status_mapping=false)');
    return (rt) => { rt.statusMapping = on; return null; };
  },
});
