/**
 * Stateless processors that change each item on its own (attributes, resource): a `mapping`
 * processor and the one way to copy an item of either signal with some fields replaced.
 */
import type { Item, Processor } from '../component/component';
import type { Consumer } from '../consumer/consumer';

/** A processor that maps each item and passes the batch on; nothing to start or stop. */
export function mapping<T>(next: Consumer<T>, fn: (item: T) => T): Processor<T> {
  return {
    consume: (batch) => next.consume(batch.map(fn)),
    start: async () => {},
    shutdown: async () => {},
  };
}

/** A shallow copy of a span or log record with its attributes or resource replaced; items are immutable once built. */
export function withItem<T extends Item>(item: T, patch: Partial<Pick<T, 'attributes' | 'resource'>>): T {
  return { ...item, ...patch };
}
