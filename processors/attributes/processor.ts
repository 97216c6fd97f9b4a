/** The attributes processor: applies the actions to each item's own attributes (the resource is the resource processor's). */
import type { Item, Processor } from '../../src/component/component';
import type { Consumer } from '../../src/consumer/consumer';
import { applyActions, type ActionConfig } from '../../src/processorhelper/actions';
import { mapping, withItem } from '../../src/processorhelper/mapping';

export function attributesProcessor<T extends Item>(next: Consumer<T>, actions: ActionConfig[]): Processor<T> {
  return mapping(next, (item) => {
    const attributes = applyActions(item.attributes, actions);
    return attributes === item.attributes ? item : withItem(item, { attributes });
  });
}
