/** Factory of the `otlp_http` exporter (alias `otlphttp`, the Collector's old spelling). */
import { defineExporter } from '../../src/component/component';
import { config, validate, type Config } from './config';
import { OtlpHttpExporter } from './exporter';

export const factory = defineExporter<Config>({
  kind: 'exporter',
  type: 'otlp_http',
  aliases: ['otlphttp'],
  stability: 'beta',
  signals: ['traces', 'logs'],
  config,
  validate,
  extensionRefs: (c) => (c.sending_queue.storage ? [{ path: 'sending_queue::storage', id: c.sending_queue.storage }] : []),
  create: (set, cfg, signals) => new OtlpHttpExporter(set, cfg, signals),
});
