/** Factory of the `attributes` processor. */
import { defineProcessor } from '../../src/component/component';
import { config, validate } from './config';
import { attributesProcessor } from './processor';

export const factory = defineProcessor({
  type: 'attributes',
  stability: 'beta',
  signals: ['traces', 'logs'],
  config,
  validate,
  create: (_set, cfg, next) => attributesProcessor(next, cfg.actions),
});
