import { expr } from './define';
import { unavailable } from './util';

export const mquery_refer_table = unavailable(
  'mquery_refer_table',
  [expr('table_name'), expr('keys'), expr('values')],
  'nil',
  'In Datakit: looks up a reference-table row by several columns and writes its columns as fields.',
  'Datakit reference tables (refer_table configuration), which this implementation does not provide',
  'mquery_refer_table("hosts", ["ip"], [client_ip])',
);
