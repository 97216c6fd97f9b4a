/** Factory of the `datadog` receiver. */
import { defineReceiver } from '../../src/component/component';
import { config } from './config';
import { DatadogReceiver } from './receiver';

export const factory = defineReceiver({
  type: 'datadog',
  stability: 'alpha',
  signals: ['traces'],
  config,
  create(set, cfg, next) {
    if (!next.traces) throw new Error(`receivers::${set.id}: the datadog receiver needs a traces pipeline`);
    return new DatadogReceiver(set, cfg, next.traces);
  },
});
