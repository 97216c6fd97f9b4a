import { expr } from './define';
import { unavailable } from './util';

export const cache_set = unavailable(
  'cache_set',
  [expr('key'), expr('value'), expr('expiration').optional().shows('100')],
  'nil',
  'In Datakit: stores a value in a cache shared between script runs.',
  'Datakit\'s shared script cache, which this implementation does not provide',
  'cache_set("k", 1)',
);
