import { defineExtension } from '../../src/component/component';
import { configDecoder, type FileStorageConfig } from './config';
import { FileStorage } from './storage';

export const factory = defineExtension<FileStorageConfig>({
  kind: 'extension',
  type: 'file_storage',
  stability: 'beta',
  config: configDecoder,
  create: (set, config) => new FileStorage(set, config),
});
