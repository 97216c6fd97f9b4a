/**
 * Memory pressure as receivers see it before they decode: every running `memory_limiter`
 * publishes (src/util/pressure.ts) whether the process is over its soft limit, and a receiver asks before building a
 * request's data, answering 503 + Retry-After instead of decoding.
 *
 * Why a process-wide signal rather than asking the next consumer: memory is one pool per
 * process, and the limiter measures the process (its RSS), so "over the limit" is a fact about
 * the process, not about one pipeline; a receiver that decodes while any limiter says so adds
 * its allocations to the heap that limiter guards, whichever pipeline the data is for. Asking
 * down the consumer chain would need every processor, fanout and counting wrapper to forward
 * the question. The Collector reaches the same place with its `memory_limiter` extension, which
 * receivers consult before reading a request. The limiter processor still refuses at `consume`
 * as before; a process without a `memory_limiter` never refuses here.
 */
import { RefusedError } from '../consumer/errors';
import { overLimitNow } from '../util/pressure';

/** Throws a refusal when a memory_limiter is over its soft limit; receivers call it before decoding. */
export function admitDecode(): void {
  if (overLimitNow()) throw new RefusedError('memory usage is above the memory_limiter soft limit; request not decoded', 1);
}
