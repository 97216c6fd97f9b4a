/** Factory of the `file` exporter. */
import { defineExporter } from '../../src/component/component';
import { queueExtensionRefs } from '../../src/exporterhelper/config';
import { config, validate } from './config';
import { createFileExporter } from './exporter';

export const factory = defineExporter({
  type: 'file',
  stability: 'alpha',
  signals: ['traces', 'logs'],
  config,
  validate,
  extensionRefs: (c) => queueExtensionRefs(c.sending_queue),
  create: createFileExporter,
});
