/** `batch` processor config, with the Collector's keys and defaults. */
import type { ConfigIssue } from '../../src/config/issue';
import * as s from '../../src/config/schema';

export const config = s.object({
  /** Items that trigger a send regardless of the timeout. */
  send_batch_size: s.int({ min: 1 }).def(8192),
  /** Upper bound of one outgoing batch; 0 means no bound. */
  send_batch_max_size: s.int({ min: 0 }).def(0),
  /** Longest an item waits for a batch to fill. */
  timeout: s.duration({ min: 1 }).def(200),
});
export type Config = s.Infer<typeof config>;

export function validate(cfg: Config): ConfigIssue[] {
  if (cfg.send_batch_max_size !== 0 && cfg.send_batch_max_size < cfg.send_batch_size) {
    return [{ path: 'send_batch_max_size', message: `must be 0 or at least send_batch_size (${cfg.send_batch_size}), got ${cfg.send_batch_max_size}` }];
  }
  return [];
}
