import { RuntimeError } from '../runtime';
import { typeOf } from '../value';
import { needs } from './util';
import { defineBuiltin, expr } from './define';

export const mquery_refer_table = defineBuiltin({
  name: 'mquery_refer_table',
  params: [expr('table_name').accepts('str'), expr('keys').accepts('list'), expr('values').accepts('list')],
  returns: 'nil',
  doc: 'Like `query_refer_table`, matching several columns at once: the first row whose columns `keys` equal `values`, pairwise, has all its columns written as fields. The column names must be strings.',
  examples: [
    {
      title: 'two columns',
      script: 'mquery_refer_table("users", ["name", "active"], ["ab", false])',
      input: 'x',
      fields: { id: 3n },
      env: { referTables: '[{"table_name": "users", "column_name": ["name", "active", "id"], "column_type": ["string", "bool", "int"], "row_data": [["a", "false", 1], ["ab", "true", 2], ["ab", "false", 3]]}]' },
    },
  ],
  compile({ table_name: table, keys, values }, cx) {
    const tables = needs(cx, 'referTables', 'reference tables');
    if (!tables) return () => null;
    return (rt) => {
      const ks = keys(rt) as unknown[];
      const bad = ks.find((k) => typeof k !== 'string');
      if (bad !== undefined) throw new RuntimeError(`mquery_refer_table: column names must be strings, got ${typeOf(bad as never)}`);
      const row = tables.query(table(rt) as string, ks as string[], values(rt) as never[]);
      row?.forEach((v, k) => rt.write(k, v));
      return null;
    };
  },
});
