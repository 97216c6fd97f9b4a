import { unavailable } from './util';

export const agg_create = unavailable(
  'agg_create',
  [{ name: 'bucket', kind: 'str' }, { name: 'on_interval', kind: 'str', optional: true, default: '"60s"' }, { name: 'on_count', kind: 'int', optional: true, default: '0' }, { name: 'keep_value', kind: 'bool', optional: true, default: 'false' }, { name: 'const_tags', kind: 'expr', optional: true }, { name: 'category', kind: 'str', optional: true, default: '"M"' }],
  'nil',
  'In Datakit: creates an in-process metric aggregation bucket.',
  'Datakit\'s metric aggregation service, which this implementation does not provide',
  'agg_create("b")',
);
