import { defineBuiltin } from './define';

export const drop_origin_data = defineBuiltin({
  name: 'drop_origin_data',
  params: [],
  returns: 'nil',
  doc: 'Deletes the `message` field (the original log text).',
  examples: [
    { title: 'keep only the extracted fields', script: 'grok(_, "%{INT:n}")\ndrop_origin_data()', input: 'n=5', fields: { n: '5' }, absent: ['message'] },
  ],
  compile() {
    return (rt) => { rt.remove('message'); return null; };
  },
});
