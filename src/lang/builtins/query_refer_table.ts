import { defineBuiltin, expr } from './define';

export const query_refer_table = defineBuiltin({
  name: 'query_refer_table',
  params: [expr('table_name'), expr('key'), expr('value')],
  returns: 'nil',
  doc: 'In Datakit: looks up a row of a reference table and writes its columns as fields. Not available here.',
  requires: 'Datakit reference tables (refer_table configuration), which this implementation does not provide',
  examples: [{ title: 'rejected at check time', script: 'query_refer_table("hosts", "ip", client_ip)', input: 'x' }],
  compile() {
    return () => null;
  },
});
