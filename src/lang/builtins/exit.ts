import { defineBuiltin } from './define';

export const exit = defineBuiltin({
  name: 'exit',
  params: [],
  returns: 'nil',
  doc: 'Stops the script. Changes made so far are kept and the post-run steps (status, time) still apply.',
  examples: [
    { title: 'stop early', script: 'add_key(a, 1)\nexit()\nadd_key(b, 2)', input: 'x', fields: { a: 1n }, absent: ['b'] },
  ],
  compile() {
    return (rt) => { rt.exited = true; return null; };
  },
});
