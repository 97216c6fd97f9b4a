/** Factory of the `resource` processor. */
import { defineProcessor } from '../../src/component/component';
import { config, validate } from './config';
import { resourceProcessor } from './processor';

export const factory = defineProcessor({
  type: 'resource',
  stability: 'beta',
  signals: ['traces', 'logs'],
  config,
  validate,
  create: (_set, cfg, next) => resourceProcessor(next, cfg.attributes),
});
