import { unavailable } from './util';

export const cache_set = unavailable(
  'cache_set',
  [{ name: 'key', kind: 'expr' }, { name: 'value', kind: 'expr' }, { name: 'expiration', kind: 'expr', optional: true, default: '100' }],
  'nil',
  'In Datakit: stores a value in a cache shared between script runs.',
  'Datakit\'s shared script cache, which this implementation does not provide',
  'cache_set("k", 1)',
);
