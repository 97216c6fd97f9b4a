/** Factory of the `memory_limiter` processor. */
import { totalmem } from 'node:os';
import { defineProcessor } from '../../src/component/component';
import { config, limitsBytes, validate } from './config';
import { MemoryLimiter } from './processor';

export const factory = defineProcessor({
  type: 'memory_limiter',
  stability: 'beta',
  signals: ['traces', 'logs'],
  config,
  validate,
  create: (set, cfg, next, signal) =>
    new MemoryLimiter(next, limitsBytes(cfg, totalmem()), cfg.check_interval, { id: set.id, signal, logger: set.logger, metrics: set.metrics }),
});
