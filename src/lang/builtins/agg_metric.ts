import { unavailable } from './util';

export const agg_metric = unavailable(
  'agg_metric',
  [{ name: 'bucket', kind: 'str' }, { name: 'new_field', kind: 'str' }, { name: 'agg_fn', kind: 'str' }, { name: 'agg_by', kind: 'expr' }, { name: 'agg_field', kind: 'str' }, { name: 'category', kind: 'str', optional: true, default: '"M"' }],
  'nil',
  'In Datakit: feeds a field into an aggregation bucket created by agg_create.',
  'Datakit\'s metric aggregation service, which this implementation does not provide',
  'agg_metric("b", "n", "sum", ["host"], "cost")',
);
