/**
 * Stateless processors that change each item on its own (attributes, resource): a `mapping`
 * processor and the one way to copy an item of either signal with some fields replaced.
 */
import type { Item, Processor } from '../component/component';
import type { Consumer, Span } from '../consumer/consumer';
import { EncodedSpan } from '../otlp/encoded-span';

/** A processor that maps each item and passes the batch on; nothing to start or stop. */
export function mapping<T>(next: Consumer<T>, fn: (item: T) => T): Processor<T> {
  return {
    consume: (batch) => next.consume(batch.map(fn)),
    start: async () => {},
    shutdown: async () => {},
  };
}

/**
 * A shallow copy of a span or log record with its attributes or resource replaced; items are
 * immutable once built. An encoded span keeps its bytes when only the resource changes.
 */
export function withItem<T extends Item>(item: T, patch: Partial<Pick<T, 'attributes' | 'resource'>>): T {
  if (item instanceof EncodedSpan) return item.with(patch as Partial<Pick<Span, 'attributes' | 'resource'>>) as T;
  return { ...item, ...patch };
}
