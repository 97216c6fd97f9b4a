/** Factory of the `debug` exporter. */
import { defineExporter } from '../../src/component/component';
import { config } from './config';
import { createDebugExporter } from './exporter';

export const factory = defineExporter({
  type: 'debug',
  stability: 'stable',
  signals: ['traces', 'logs'],
  config,
  create: (set, cfg, signals) => createDebugExporter(set, cfg, signals),
});
