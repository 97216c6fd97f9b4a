/** The resource processor: changes resource attributes with the configured actions. */
import type { Item, Processor } from '../../src/component/component';
import type { Consumer } from '../../src/consumer/consumer';
import { applyActions, type ActionConfig } from '../../src/processorhelper/actions';
import { resourceMapping } from '../../src/processorhelper/mapping';

export function resourceProcessor<T extends Item>(next: Consumer<T>, actions: ActionConfig[]): Processor<T> {
  return resourceMapping(next, (attributes) => applyActions(attributes, actions));
}
