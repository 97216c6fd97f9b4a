/**
 * Stateless processors that change each item on its own (attributes, resource,
 * resourcedetection): a `mapping` processor, a `resourceMapping` one, and the one way to copy an
 * item of either signal with some fields replaced.
 */
import type { Attributes } from '@opentelemetry/api';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { Item, Processor } from '../component/component';
import type { Consumer, LogRecord, Span } from '../consumer/consumer';
import { EncodedLogRecord } from '../otlp/encoded-log';
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
 * immutable once built. An encoded span or record keeps its bytes when only the resource changes.
 */
export function withItem<T extends Item>(item: T, patch: Partial<Pick<T, 'attributes' | 'resource'>>): T {
  if (item instanceof EncodedSpan) return item.with(patch as Partial<Pick<Span, 'attributes' | 'resource'>>) as T;
  if (item instanceof EncodedLogRecord) return item.with(patch as Partial<Pick<LogRecord, 'attributes' | 'resource'>>) as T;
  return { ...item, ...patch };
}

/**
 * A processor that changes each item's resource attributes. Items of one origin share one
 * Resource object; the changed Resource is cached per original so they keep sharing one (and
 * stay grouped in OTLP). `change` returns its argument when nothing changes.
 */
export function resourceMapping<T extends Item>(next: Consumer<T>, change: (attributes: Attributes) => Attributes): Processor<T> {
  const cache = new WeakMap<Resource, Resource>();
  const map = (r: Resource): Resource => {
    let out = cache.get(r);
    if (!out) {
      const attrs = change(r.attributes);
      out = attrs === r.attributes ? r : resourceFromAttributes(attrs);
      cache.set(r, out);
    }
    return out;
  };
  return mapping(next, (item) => withItem(item, { resource: map(item.resource) }));
}
