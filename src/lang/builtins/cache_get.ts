import { expr } from './define';
import { unavailable } from './util';

export const cache_get = unavailable(
  'cache_get',
  [expr('key')],
  'any',
  'In Datakit: reads a value from a cache shared between script runs.',
  'Datakit\'s shared script cache, which this implementation does not provide',
  'x = cache_get("k")',
);
