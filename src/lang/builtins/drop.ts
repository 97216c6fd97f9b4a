import { defineBuiltin } from './define';

export const drop = defineBuiltin({
  name: 'drop',
  params: [],
  returns: 'nil',
  doc: 'Marks the point as dropped: it will not be forwarded. The script keeps running; pair it with `exit()` to stop.',
  examples: [
    { title: 'drop debug lines', script: 'if "DEBUG" in _ {\n  drop()\n  exit()\n}\nadd_key(kept, true)', input: 'DEBUG noisy', dropped: true, absent: ['kept'] },
    { title: 'other lines pass', script: 'if "DEBUG" in _ {\n  drop()\n  exit()\n}\nadd_key(kept, true)', input: 'INFO fine', dropped: false, fields: { kept: true } },
  ],
  compile() {
    return (rt) => { rt.dropped = true; return null; };
  },
});
