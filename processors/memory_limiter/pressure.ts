/**
 * The memory_limiter's side of the receivers' memory check (src/receiverhelper/pressure.ts, through src/util/pressure.ts):
 * while started, a limiter answers receivers asking before a decode, with a fresh reading when
 * its last one is older than a few milliseconds, not only on its `check_interval`.
 */
import { publishPressure } from '../../src/util/pressure';

/** Reading RSS costs a syscall; at most one per this many milliseconds, however many requests come. */
const FRESH_MS = 20;

export interface Limiter {
  /** Reads memory now and updates `refusing`. */
  check(): void;
  readonly refusing: boolean;
}

/** Publishes the limiter to receivers; call the returned function at shutdown. */
export function answerReceivers(limiter: Limiter): () => void {
  let readAt = performance.now();
  return publishPressure({
    overLimit() {
      const now = performance.now();
      if (now - readAt >= FRESH_MS) {
        readAt = now;
        limiter.check();
      }
      return limiter.refusing;
    },
  });
}
