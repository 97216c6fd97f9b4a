import { defineProcessor } from '../../src/component/component';
import { Batcher } from './batcher';
import { config, validate } from './config';

export const factory = defineProcessor({
  kind: 'processor',
  type: 'batch',
  stability: 'beta',
  signals: ['traces', 'logs'],
  config,
  validate,
  createTraces: (_set, cfg, next) => new Batcher(next, cfg),
  createLogs: (_set, cfg, next) => new Batcher(next, cfg),
});
