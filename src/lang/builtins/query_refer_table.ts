import { needs } from './util';
import { defineBuiltin, expr } from './define';

export const query_refer_table = defineBuiltin({
  name: 'query_refer_table',
  params: [expr('table_name').accepts('str'), expr('key').accepts('str'), expr('value')],
  returns: 'nil',
  doc: 'Finds the first row of the reference table `table_name` whose column `key` equals `value` and writes all its columns as fields. Tables come from the files the processor names (log_pipeline: `refer_tables`), in Datakit\'s JSON form or as CSV; they are read when the scripts are compiled. Values compare by type as well as by value, as in Datakit: the int `123` does not find the float `123.0`, and a number extracted by `json()` is a float. No matching row, an unknown table or a missing value key write nothing.',
  examples: [
    {
      title: 'enrich by a column',
      script: 'grok(_, "%{WORD:host}")\nquery_refer_table("hosts", "name", host)',
      input: 'web1',
      fields: { team: 'shop', port: 8080n },
      env: { referTables: '[{"table_name": "hosts", "column_name": ["name", "team", "port"], "column_type": ["string", "string", "int"], "row_data": [["web1", "shop", 8080], ["db1", "data", 5432]]}]' },
    },
  ],
  compile({ table_name: table, key, value }, cx) {
    const tables = needs(cx, 'referTables', 'reference tables');
    if (!tables) return () => null;
    return (rt) => {
      const row = tables.query(table(rt) as string, [key(rt) as string], [value(rt)]);
      row?.forEach((v, k) => rt.write(k, v));
      return null;
    };
  },
});
