import { defineExporter } from '../../src/component/component';
import { instrumentExporter } from '../../src/telemetry/instrument';
import { config } from './config';
import { FileExporter } from './file_exporter';

export const factory = defineExporter({
  kind: 'exporter',
  type: 'file',
  stability: 'alpha',
  signals: ['traces', 'logs'],
  config,
  create(set, cfg, signals) {
    const ex = new FileExporter(cfg.path, set.logger);
    return {
      traces: signals.includes('traces') ? instrumentExporter(set.metrics, set.id, 'traces', ex.traces) : undefined,
      logs: signals.includes('logs') ? instrumentExporter(set.metrics, set.id, 'logs', ex.logs) : undefined,
      start: () => ex.start(),
      shutdown: () => ex.shutdown(),
    };
  },
});
