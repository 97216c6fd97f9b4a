import { expr, int } from './define';
import { unavailable } from './util';

export const point_window = unavailable(
  'point_window',
  [int('before'), int('after'), expr('stream_tags').optional()],
  'nil',
  'In Datakit: keeps a window of points around a hit for context.',
  'Datakit\'s point window store, which this implementation does not provide',
  'point_window(8, 8)',
);
