import { expr, str } from './define';
import { unavailable } from './util';

export const agg_metric = unavailable(
  'agg_metric',
  [str('bucket'), str('new_field'), str('agg_fn'), expr('agg_by'), str('agg_field'), str('category').optional('M')],
  'nil',
  'In Datakit: feeds a field into an aggregation bucket created by agg_create.',
  'Datakit\'s metric aggregation service, which this implementation does not provide',
  'agg_metric("b", "n", "sum", ["host"], "cost")',
);
