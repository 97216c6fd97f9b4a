/** Factory of the `otlp` receiver (OTLP/HTTP). */
import { defineReceiver } from '../../src/component/component';
import { config, type Config } from './config';
import { OtlpReceiver } from './receiver';

export const factory = defineReceiver<Config>({
  kind: 'receiver',
  type: 'otlp',
  stability: 'beta',
  signals: ['traces', 'logs'],
  config,
  create: (set, cfg, next) => new OtlpReceiver(set, cfg, next),
});
