/** Factory of the `resourcedetection` processor. */
import { defineProcessor } from '../../src/component/component';
import { config } from './config';
import { resourceDetectionProcessor } from './processor';

export const factory = defineProcessor({
  type: 'resourcedetection',
  stability: 'alpha',
  signals: ['traces', 'logs'],
  config,
  create: (_set, cfg, next) => resourceDetectionProcessor(next, cfg),
});
