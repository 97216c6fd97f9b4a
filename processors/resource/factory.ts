import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { defineProcessor } from '../../src/component/component';
import { withLog, withSpan } from '../../src/data/builders';
import { applyActions, type ActionConfig } from '../attributes/actions';
import { mapping } from '../attributes/factory';
import { config, validate } from './config';

/**
 * Changes resource attributes. Items of one origin share one Resource object; the changed
 * Resource is cached per original so they keep sharing one (and stay grouped in OTLP).
 */
function resourceMapper(actions: ActionConfig[]) {
  const cache = new WeakMap<Resource, Resource>();
  return (r: Resource): Resource => {
    let out = cache.get(r);
    if (!out) {
      const attrs = applyActions(r.attributes, actions);
      out = attrs === r.attributes ? r : resourceFromAttributes(attrs);
      cache.set(r, out);
    }
    return out;
  };
}

export const factory = defineProcessor({
  kind: 'processor',
  type: 'resource',
  stability: 'beta',
  signals: ['traces', 'logs'],
  config,
  validate: (c) => validate(c as { attributes: ActionConfig[] }),
  createTraces(_set, cfg, next) {
    const map = resourceMapper(cfg.attributes as ActionConfig[]);
    return mapping(next, (s) => withSpan(s, { resource: map(s.resource) }));
  },
  createLogs(_set, cfg, next) {
    const map = resourceMapper(cfg.attributes as ActionConfig[]);
    return mapping(next, (r) => withLog(r, { resource: map(r.resource) }));
  },
});
