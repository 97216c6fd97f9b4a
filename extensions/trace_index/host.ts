/**
 * How components reach the bridge's trace index with no configuration. A log_pipeline that names
 * no index uses the started extension with the id `trace_index`, else an implicit one with the
 * defaults, shared by every log_pipeline of the bridge and shut down with the last of them. A trace
 * receiver feeds every started index of its bridge; receivers start after processors, so the
 * implicit index exists by then whenever some log_pipeline needs it.
 */
import type { CreateSettings, Host } from '../../src/component/component';
import type { TracesConsumer } from '../../src/consumer/consumer';
import { defaults } from '../../src/config/schema';
import { config } from './config';
import { indexesOf, TraceIndex } from './extension';

export const DEFAULT_ID = 'trace_index';

export interface IndexLease {
  index: TraceIndex;
  /** Ends this user's share; the implicit index shuts down when its last user ends. */
  release(): Promise<void>;
}

const implicit = new WeakMap<Host, { index: TraceIndex; users: number }>();

/**
 * The index a log_pipeline completes ids from: the extension `id` names (which must be started),
 * else the extension `trace_index`, else the bridge's implicit index.
 */
export async function acquireTraceIndex(host: Host, set: CreateSettings, id: string | undefined): Promise<IndexLease> {
  const named = host.getExtension(id ?? DEFAULT_ID);
  if (named instanceof TraceIndex) return { index: named, release: async () => {} };
  if (id !== undefined) throw new Error(`trace_index: "${id}" is not a started trace_index extension (add it under extensions and service::extensions)`);
  let entry = implicit.get(host);
  if (!entry) {
    const index = new TraceIndex({ ...set, id: DEFAULT_ID, kind: 'extension', logger: set.logger.child({ component: DEFAULT_ID }) }, defaults(config));
    await index.start(host);
    implicit.set(host, (entry = { index, users: 0 }));
  }
  const e = entry;
  e.users++;
  let released = false;
  return {
    index: e.index,
    async release() {
      if (released) return;
      released = true;
      if (--e.users > 0) return;
      if (implicit.get(host) === e) implicit.delete(host);
      await e.index.shutdown();
    },
  };
}

/** A receiver's traces consumer that first shows every span batch to the bridge's trace indexes. */
export function feedTraceIndex(host: Host, next: TracesConsumer): TracesConsumer {
  const indexes = indexesOf(host);
  for (const index of indexes) index.feeders++;
  return {
    consume(spans) {
      if (indexes.size > 0) for (const index of indexes) index.feed(spans);
      return next.consume(spans);
    },
  };
}
