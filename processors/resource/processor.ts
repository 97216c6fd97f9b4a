/**
 * The resource processor: changes resource attributes. Items of one origin share one Resource
 * object; the changed Resource is cached per original so they keep sharing one (and stay
 * grouped in OTLP).
 */
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { Item, Processor } from '../../src/component/component';
import type { Consumer } from '../../src/consumer/consumer';
import { applyActions, type ActionConfig } from '../../src/processorhelper/actions';
import { mapping, withItem } from '../../src/processorhelper/mapping';

export function resourceProcessor<T extends Item>(next: Consumer<T>, actions: ActionConfig[]): Processor<T> {
  const cache = new WeakMap<Resource, Resource>();
  const map = (r: Resource): Resource => {
    let out = cache.get(r);
    if (!out) {
      const attrs = applyActions(r.attributes, actions);
      out = attrs === r.attributes ? r : resourceFromAttributes(attrs);
      cache.set(r, out);
    }
    return out;
  };
  return mapping(next, (item) => withItem(item, { resource: map(item.resource) }));
}
