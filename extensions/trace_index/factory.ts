import { defineExtension } from '../../src/component/component';
import { config, type TraceIndexConfig } from './config';
import { TraceIndex } from './extension';

export const factory = defineExtension<TraceIndexConfig>({
  type: 'trace_index',
  stability: 'alpha',
  config,
  create: (set, cfg) => new TraceIndex(set, cfg),
});
