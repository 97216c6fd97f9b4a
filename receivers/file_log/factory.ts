import { defineReceiver } from '../../src/component/component';
import { configDecoder, validate, type FileLogConfig } from './config';
import { FileLogReceiver } from './receiver';

export const factory = defineReceiver<FileLogConfig>({
  kind: 'receiver',
  type: 'file_log',
  aliases: ['filelog'],
  stability: 'beta',
  signals: ['logs'],
  config: configDecoder,
  validate,
  extensionRefs: (c) => (c.storage ? [{ path: 'storage', id: c.storage }] : []),
  create(set, config, next) {
    if (!next.logs) throw new Error(`receivers::${set.id}: file_log produces logs; list it in a logs pipeline`);
    return new FileLogReceiver(set, config, next.logs);
  },
});
