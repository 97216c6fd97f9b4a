/** Factory of the `file_storage` extension. */
import { defineExtension } from '../../src/component/component';
import { config } from './config';
import { FileStorage } from './extension';

export const factory = defineExtension({
  type: 'file_storage',
  stability: 'beta',
  config,
  create: (set, cfg) => new FileStorage(set, cfg),
});
