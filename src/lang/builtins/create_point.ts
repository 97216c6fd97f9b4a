import { expr } from './define';
import { unavailable } from './util';

export const create_point = unavailable(
  'create_point',
  [expr('name'), expr('tags'), expr('fields'), expr('ts').optional().shows('0'), expr('category').optional().shows('"M"'), expr('after_use').optional().shows('""')],
  'nil',
  'In Datakit: emits an additional point from the script.',
  'a point output besides the processed log, which this implementation does not provide',
  'create_point("m", {}, {"a": 1})',
);
