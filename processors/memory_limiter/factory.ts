import { totalmem } from 'node:os';
import { defineProcessor, type CreateSettings } from '../../src/component/component';
import type { Consumer, Signal } from '../../src/consumer/consumer';
import { config, limitsBytes, validate, type MemoryLimiterConfig } from './config';
import { MemoryLimiter } from './memory_limiter';

function create<T>(set: CreateSettings, cfg: MemoryLimiterConfig, next: Consumer<T>, signal: Signal) {
  return new MemoryLimiter(next, limitsBytes(cfg, totalmem()), cfg.check_interval, { id: set.id, signal, logger: set.logger, metrics: set.metrics });
}

export const factory = defineProcessor({
  kind: 'processor',
  type: 'memory_limiter',
  stability: 'beta',
  signals: ['traces', 'logs'],
  config,
  validate,
  createTraces: (set, cfg, next) => create(set, cfg, next, 'traces'),
  createLogs: (set, cfg, next) => create(set, cfg, next, 'logs'),
});
