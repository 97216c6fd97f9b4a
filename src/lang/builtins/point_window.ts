import { unavailable } from './util';

export const point_window = unavailable(
  'point_window',
  [{ name: 'before', kind: 'int' }, { name: 'after', kind: 'int' }, { name: 'stream_tags', kind: 'expr', optional: true }],
  'nil',
  'In Datakit: keeps a window of points around a hit for context.',
  'Datakit\'s point window store, which this implementation does not provide',
  'point_window(8, 8)',
);
