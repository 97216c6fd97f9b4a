import { expr } from './define';
import { rejected } from './util';

export const create_point = rejected(
  'create_point',
  [expr('name'), expr('tags'), expr('fields'), expr('ts').optional().shows('0'), expr('category').optional().shows('"M"'), expr('after_use').optional().shows('""')],
  'nil',
  'In Datakit: emits an additional point (usually a metric) from the script.',
  'extra points: this processor emits log records only, and the bridge has no metrics signal to carry what it would make',
  'write the values as fields of this log record (add_key), and derive metrics from them downstream',
  'create_point("m", {}, {"a": 1})',
);
