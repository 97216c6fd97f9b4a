/** Factory of the `file_log` receiver (alias `filelog`, the Collector's spelling). */
import { defineReceiver } from '../../src/component/component';
import { config, validate } from './config';
import { FileLogReceiver } from './receiver';

export const factory = defineReceiver({
  type: 'file_log',
  aliases: ['filelog'],
  stability: 'beta',
  signals: ['logs'],
  config,
  validate,
  extensionRefs: (c) => (c.storage ? [{ path: 'storage', id: c.storage }] : []),
  create(set, cfg, next) {
    if (!next.logs) throw new Error(`receivers::${set.id}: file_log produces logs; list it in a logs pipeline`);
    return new FileLogReceiver(set, cfg, next.logs);
  },
});
