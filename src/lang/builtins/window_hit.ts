import { needs } from './util';
import { defineBuiltin } from './define';

export const window_hit = defineBuiltin({
  name: 'window_hit',
  params: [],
  returns: 'nil',
  doc: 'Marks this record as the one the window of `point_window()` is kept for: the held records before it, this one and the next ones of the window are forwarded even if dropped. It does nothing unless `point_window()` ran earlier in the same run.',
  examples: [
    { title: 'hit after point_window', script: 'point_window(3, 3)\nwindow_hit()\ndrop()', input: 'error', dropped: true, env: { windows: true } },
  ],
  compile(_args, cx) {
    if (!needs(cx, 'windows', 'a caller that holds point windows')) return () => null;
    return (rt) => {
      if (rt.window) rt.windowHit = true;
      return null;
    };
  },
});
