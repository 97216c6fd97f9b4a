import type { Consumer } from './consumer';
import { isPermanent, PermanentError } from './errors';

/**
 * Sends each batch to every consumer. The batch is accepted only when all accept;
 * if any fails retryably the whole batch is retryable (consumers that already
 * accepted may see it again: at-least-once, never silently lost). If every failure
 * is permanent, the result is permanent.
 */
export function fanout<T>(consumers: Consumer<T>[]): Consumer<T> {
  if (consumers.length === 1) return consumers[0];
  return {
    async consume(batch: T[]): Promise<void> {
      const results = await Promise.allSettled(consumers.map((c) => c.consume(batch)));
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failures.length === 0) return;
      const retryable = failures.find((f) => !isPermanent(f.reason));
      if (retryable) throw retryable.reason;
      throw new PermanentError(failures.map((f) => (f.reason as Error).message).join('; '));
    },
  };
}
