/** Factory of the `otlp` receiver (OTLP/HTTP). */
import { defineReceiver } from '../../src/component/component';
import { config } from './config';
import { OtlpReceiver } from './receiver';

export const factory = defineReceiver({
  type: 'otlp',
  stability: 'beta',
  signals: ['traces', 'logs'],
  config,
  create: (set, cfg, next) => new OtlpReceiver(set, cfg, next),
});
