/** `batch` processor config, with the Collector's keys and defaults. */
import type { ConfigIssue } from '../../src/config/issue';
import * as s from '../../src/config/schema';

export const config = s.object({
  /**
   * Items that trigger a send regardless of the timeout. 512, not the Collector's 8192: a sender
   * is answered once its batch was exported, so senders that wait for the answer before sending
   * more (8 of them with 200 spans each hold 1,600 spans) never fill 8192 and always wait out the
   * timeout. Measured (bench/e2e-traces.ts, spans per CPU-second against pipe-fast): 256, 512 and
   * 1024 alike (0.53-0.55), 2048 and 8192 timeout-bound (0.43-0.45).
   */
  send_batch_size: s.int({ min: 1 }).def(512),
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
