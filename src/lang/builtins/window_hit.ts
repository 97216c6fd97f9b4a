import { unavailable } from './util';

export const window_hit = unavailable(
  'window_hit',
  [],
  'nil',
  'In Datakit: marks the current point as a hit of the window opened by point_window.',
  'Datakit\'s point window store, which this implementation does not provide',
  'window_hit()',
);
