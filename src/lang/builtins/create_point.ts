import { unavailable } from './util';

export const create_point = unavailable(
  'create_point',
  [{ name: 'name', kind: 'expr' }, { name: 'tags', kind: 'expr' }, { name: 'fields', kind: 'expr' }, { name: 'ts', kind: 'expr', optional: true, default: '0' }, { name: 'category', kind: 'expr', optional: true, default: '"M"' }, { name: 'after_use', kind: 'expr', optional: true, default: '""' }],
  'nil',
  'In Datakit: emits an additional point from the script.',
  'a point output besides the processed log, which this implementation does not provide',
  'create_point("m", {}, {"a": 1})',
);
