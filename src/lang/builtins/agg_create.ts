import { bool, expr, int, str } from './define';
import { unavailable } from './util';

export const agg_create = unavailable(
  'agg_create',
  [str('bucket'), str('on_interval').optional('60s'), int('on_count').optional(0n), bool('keep_value').optional(false), expr('const_tags').optional(), str('category').optional('M')],
  'nil',
  'In Datakit: creates an in-process metric aggregation bucket.',
  'Datakit\'s metric aggregation service, which this implementation does not provide',
  'agg_create("b")',
);
