/** Factory of the `otlp_grpc` exporter (alias `otlp`, the name most Collector configs still use). */
import { defineExporter } from '../../src/component/component';
import { queueExtensionRefs } from '../../src/exporterhelper/config';
import { config, validate } from './config';
import { createOtlpGrpcExporter } from './exporter';

export const factory = defineExporter({
  type: 'otlp_grpc',
  aliases: ['otlp'],
  stability: 'beta',
  signals: ['traces', 'logs'],
  config,
  validate,
  extensionRefs: (c) => queueExtensionRefs(c.sending_queue),
  create: createOtlpGrpcExporter,
});
