import type { BuiltinDef } from './types';

export const query_refer_table: BuiltinDef = {
  name: 'query_refer_table',
  params: [
    { name: 'table_name', kind: 'expr' },
    { name: 'key', kind: 'expr' },
    { name: 'value', kind: 'expr' },
  ],
  returns: 'nil',
  doc: 'In Datakit: looks up a row of a reference table and writes its columns as fields. Not available here.',
  requires: 'Datakit reference tables (refer_table configuration), which this implementation does not provide',
  examples: [{ title: 'rejected at check time', script: 'query_refer_table("hosts", "ip", client_ip)', input: 'x' }],
  compile() {
    return () => null;
  },
};
