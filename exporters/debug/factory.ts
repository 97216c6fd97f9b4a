import { defineExporter, type Exporter } from '../../src/component/component';
import type { LogRecord, Span } from '../../src/consumer/consumer';
import { instrumentExporter } from '../../src/telemetry/instrument';
import { config } from './config';
import { formatLog, formatSpan } from './format';

/** Writes what passes through to stderr; for trying configs, not for production volume. */
export const factory = defineExporter({
  kind: 'exporter',
  type: 'debug',
  stability: 'stable',
  signals: ['traces', 'logs'],
  config,
  create(set, cfg, signals): Exporter {
    const out = (text: string) => process.stderr.write(text + '\n');
    const v = cfg.verbosity;
    const traces = {
      async consume(batch: Span[]) {
        out(`${set.id}: ${batch.length} spans`);
        if (v !== 'basic') for (const s of batch) out(formatSpan(s, v === 'detailed'));
      },
    };
    const logs = {
      async consume(batch: LogRecord[]) {
        out(`${set.id}: ${batch.length} log records`);
        if (v !== 'basic') for (const r of batch) out(formatLog(r, v === 'detailed'));
      },
    };
    return {
      traces: signals.includes('traces') ? instrumentExporter(set.metrics, set.id, 'traces', traces) : undefined,
      logs: signals.includes('logs') ? instrumentExporter(set.metrics, set.id, 'logs', logs) : undefined,
      start: async () => {},
      shutdown: async () => {},
    };
  },
});
