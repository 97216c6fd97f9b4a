/** Factory of the `batch` processor. */
import { defineProcessor } from '../../src/component/component';
import { config, validate } from './config';
import { Batcher } from './processor';

export const factory = defineProcessor({
  type: 'batch',
  stability: 'beta',
  signals: ['traces', 'logs'],
  config,
  validate,
  create: (_set, cfg, next) => new Batcher(next, cfg),
});
