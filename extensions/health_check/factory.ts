import { defineExtension } from '../../src/component/component';
import { config } from './config';
import { HealthCheck } from './extension';

export const factory = defineExtension({
  type: 'health_check',
  stability: 'beta',
  config,
  create: (set, cfg) => new HealthCheck(cfg, set.logger, set.metrics),
});
