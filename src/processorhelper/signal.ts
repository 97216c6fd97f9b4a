/**
 * Processors of one signal (log_pipeline works on log records only) under the one generic
 * `create`: the graph calls a processor only for the signals its factory lists, and this checks
 * it at run time, so the narrowing from the generic item to the signal's item is sound.
 */
import type { CreateSettings, Item, Processor, ProcessorFactory } from '../component/component';
import type { Consumer, LogRecord, Signal, Span } from '../consumer/consumer';

type ItemOf<S extends Signal> = S extends 'traces' ? Span : LogRecord;

export function forSignal<C, S extends Signal>(
  signal: S,
  create: (set: CreateSettings, config: C, next: Consumer<ItemOf<S>>) => Processor<ItemOf<S>>,
): ProcessorFactory<C>['create'] {
  return <T extends Item>(set: CreateSettings, config: C, next: Consumer<T>, got: Signal): Processor<T> => {
    if (got !== signal) throw new Error(`processors::${set.id}: works on ${signal} only, not on ${got}`);
    return create(set, config, next as Consumer<Item> as Consumer<ItemOf<S>>) as Processor<Item> as Processor<T>;
  };
}
