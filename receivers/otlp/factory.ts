/** Factory of the `otlp` receiver (OTLP/gRPC and OTLP/HTTP). */
import { defineReceiver } from '../../src/component/component';
import { config, validate } from './config';
import { OtlpReceiver } from './receiver';

export const factory = defineReceiver({
  type: 'otlp',
  stability: 'beta',
  signals: ['traces', 'logs'],
  config,
  validate,
  create: (set, cfg, next) => new OtlpReceiver(set, cfg, next),
});
