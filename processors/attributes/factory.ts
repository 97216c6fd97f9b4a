import { defineProcessor, type Processor } from '../../src/component/component';
import type { Consumer } from '../../src/consumer/consumer';
import { withLog, withSpan } from '../../src/data/builders';
import { applyActions, type ActionConfig } from './actions';
import { config, validate } from './config';

/** Changes span / log record attributes (not the resource: that is the resource processor). */
export const factory = defineProcessor({
  kind: 'processor',
  type: 'attributes',
  stability: 'beta',
  signals: ['traces', 'logs'],
  config,
  validate: (c) => validate(c as { actions: ActionConfig[] }),
  createTraces: (_set, cfg, next) =>
    mapping(next, (s) => {
      const a = applyActions(s.attributes, cfg.actions as ActionConfig[]);
      return a === s.attributes ? s : withSpan(s, { attributes: a });
    }),
  createLogs: (_set, cfg, next) =>
    mapping(next, (r) => {
      const a = applyActions(r.attributes, cfg.actions as ActionConfig[]);
      return a === r.attributes ? r : withLog(r, { attributes: a });
    }),
});

/** A stateless processor that maps each item. */
export function mapping<T>(next: Consumer<T>, fn: (item: T) => T): Processor<T> {
  return {
    consume: (batch) => next.consume(batch.map(fn)),
    start: async () => {},
    shutdown: async () => {},
  };
}
