/** Factory of the `otlp_http` exporter (alias `otlphttp`, the Collector's old spelling). */
import { defineExporter } from '../../src/component/component';
import { queueExtensionRefs } from '../../src/exporterhelper/config';
import { config, validate } from './config';
import { createOtlpHttpExporter } from './exporter';

export const factory = defineExporter({
  type: 'otlp_http',
  aliases: ['otlphttp'],
  stability: 'beta',
  signals: ['traces', 'logs'],
  config,
  validate,
  extensionRefs: (c) => queueExtensionRefs(c.sending_queue),
  create: createOtlpHttpExporter,
});
