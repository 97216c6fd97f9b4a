/** `file` exporter config: where to append, and the opt-in sending queue. */
import type { ConfigIssue } from '../../src/config/issue';
import * as s from '../../src/config/schema';
import { sendingQueue, validateQueue } from '../../src/exporterhelper/config';

export const config = s.object({
  /** File that receives one OTLP/JSON export request per line; created if missing, never truncated. */
  path: s.nonEmptyString().required(),
  /**
   * `sending_queue` with the exporters' keys, off by default: a writer then waits for its line
   * to be written. On, writes happen in the background; `storage` keeps queued lines over a restart.
   */
  sending_queue: sendingQueue(false),
});
export type Config = s.Infer<typeof config>;

export function validate(c: Config): ConfigIssue[] {
  return validateQueue(c.sending_queue);
}
