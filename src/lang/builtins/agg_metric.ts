import { expr, str } from './define';
import { rejected } from './util';

export const agg_metric = rejected(
  'agg_metric',
  [str('bucket'), str('new_field'), str('agg_fn'), expr('agg_by'), str('agg_field'), str('category').optional('M')],
  'nil',
  'In Datakit: feeds a field into an aggregation bucket created by agg_create().',
  'Datakit\'s metric aggregation: this processor emits log records only, and the bridge has no metrics signal to carry what it would make',
  'derive metrics from these logs in the backend, or with an OpenTelemetry Collector\'s count or sum connector downstream of this bridge',
  'agg_metric("b", "n", "sum", ["host"], "cost")',
);
