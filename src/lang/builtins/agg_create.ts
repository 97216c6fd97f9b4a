import { bool, expr, int, str } from './define';
import { rejected } from './util';

export const agg_create = rejected(
  'agg_create',
  [str('bucket'), str('on_interval').optional('60s'), int('on_count').optional(0n), bool('keep_value').optional(false), expr('const_tags').optional(), str('category').optional('M')],
  'nil',
  'In Datakit: creates an in-process aggregation bucket that agg_metric() feeds and that emits metrics on an interval.',
  'Datakit\'s metric aggregation: this processor emits log records only, and the bridge has no metrics signal to carry what it would make',
  'derive metrics from these logs in the backend, or with an OpenTelemetry Collector\'s count or sum connector downstream of this bridge',
  'agg_create("b")',
);
