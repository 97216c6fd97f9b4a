import * as s from '../../src/config/schema';

export const config = s.object({
  /** basic: one summary line per batch; normal: one line per item; detailed: every field. */
  verbosity: s.oneOf(['basic', 'normal', 'detailed'] as const).def('basic'),
});
export type DebugConfig = s.ObjectOf<{ verbosity: s.Decoder<'basic' | 'normal' | 'detailed'> }>;
