/** `debug` exporter config, with the Collector's key and default. */
import * as s from '../../src/config/schema';

export const config = s.object({
  /** basic: one summary line per batch; normal: one line per item; detailed: every field. */
  verbosity: s.oneOf(['basic', 'normal', 'detailed'] as const).def('basic'),
});
export type Config = s.Infer<typeof config>;
