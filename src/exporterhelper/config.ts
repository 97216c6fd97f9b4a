/**
 * `retry_on_failure` and `sending_queue` with the Collector's keys and defaults
 * (exporterhelper README, configretry): shared by every exporter that queues and retries.
 */
import type { ConfigIssue } from '../config/issue';
import { bool, duration, int, number, object, oneOf, string, type Infer } from '../config/schema';

/** The Collector's `retry_on_failure` defaults (configretry.NewDefaultBackOffConfig). */
const COLLECTOR_RETRY = {
  enabled: true,
  initial_interval: 5000,
  max_interval: 30000,
  max_elapsed_time: 300000,
  multiplier: 1.5,
  randomization_factor: 0.5,
};

/**
 * `retry_on_failure`'s keys with the given defaults: exporters take the Collector's; a receiver
 * whose source can wait (file_log) takes its own, with the same keys and meaning.
 */
export function retryOnFailure(d: typeof COLLECTOR_RETRY) {
  return object({
    /** `enabled`: retry retryable failures at all. */
    enabled: bool().def(d.enabled),
    /** `initial_interval`: first wait after a failure. */
    initial_interval: duration({ min: 1 }).def(d.initial_interval),
    /** `max_interval`: cap on one wait. */
    max_interval: duration({ min: 1 }).def(d.max_interval),
    /** `max_elapsed_time`: give up after this long in total; 0 retries forever. */
    max_elapsed_time: duration().def(d.max_elapsed_time),
    /** `multiplier`: growth of the wait per attempt. */
    multiplier: number({ min: 1, max: 100 }).def(d.multiplier),
    /** `randomization_factor`: each wait is jittered by ±this fraction. */
    randomization_factor: number({ min: 0, max: 1 }).def(d.randomization_factor),
  });
}

/** An exporter's `retry_on_failure` (5s, 30s, 300s, ×1.5, ±0.5). */
export const retryConfig = retryOnFailure(COLLECTOR_RETRY);
export type RetryConfig = Infer<typeof retryConfig>;

/** `sending_queue`; `enabled` defaults to true as in the Collector, except for exporters that opt in (file). */
export const sendingQueue = (enabledByDefault: boolean) =>
  object({
    /** `enabled`: send from a queue with background consumers; false sends in the caller. */
    enabled: bool().def(enabledByDefault),
    /** `num_consumers` (10): concurrent senders taking from the queue. */
    num_consumers: int({ min: 1 }).def(10),
    /** `queue_size` (1000): capacity in requests (batches). */
    queue_size: int({ min: 1 }).def(1000),
    /** `sizer` ("requests"): only request counting is supported. */
    sizer: oneOf(['requests'] as const).def('requests'),
    /** `block_on_overflow` (false): wait for room instead of refusing when full. */
    block_on_overflow: bool().def(false),
    /** `storage` (none): a storage extension id (`file_storage/x`) makes the queue persistent. */
    storage: string(),
  });
export const queueConfig = sendingQueue(true);
export type QueueConfig = Infer<typeof queueConfig>;

/** Problems of a `sending_queue` section, with paths relative to the component. */
export function validateQueue(q: QueueConfig): ConfigIssue[] {
  return q.storage && !q.enabled ? [{ path: 'sending_queue::storage', message: 'needs sending_queue::enabled: true' }] : [];
}

/** The storage extension a `sending_queue` refers to, for the config's reference check. */
export function queueExtensionRefs(q: QueueConfig): { path: string; id: string }[] {
  return q.storage ? [{ path: 'sending_queue::storage', id: q.storage }] : [];
}
