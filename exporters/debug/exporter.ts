/**
 * The debug exporter: writes what passes through to stderr, for trying configs rather than for
 * production volume. It goes through the shared sending chain (no queue, no retries) so that it
 * reports the same metrics as every exporter.
 */
import type { CreateSettings, Exporter } from '../../src/component/component';
import type { Signal } from '../../src/consumer/consumer';
import { newExporter, type Batch } from '../../src/exporterhelper/exporter';
import { OK } from '../../src/exporterhelper/result';
import type { Config } from './config';
import { formatLog, formatSpan } from './format';

/** The text of one batch: a summary line, then one line (or block) per item above `basic`. */
export function formatBatch(id: string, batch: Batch, verbosity: Config['verbosity']): string[] {
  const detailed = verbosity === 'detailed';
  if (batch.signal === 'traces') {
    const head = `${id}: ${batch.items.length} spans`;
    return verbosity === 'basic' ? [head] : [head, ...batch.items.map((s) => formatSpan(s, detailed))];
  }
  const head = `${id}: ${batch.items.length} log records`;
  return verbosity === 'basic' ? [head] : [head, ...batch.items.map((r) => formatLog(r, detailed))];
}

export function createDebugExporter(set: CreateSettings, cfg: Config, signals: Signal[], out = (text: string) => process.stderr.write(text + '\n')): Exporter {
  return newExporter({
    set,
    signals,
    encode: (batch) => ({ items: batch.items.length, lines: formatBatch(set.id, batch, cfg.verbosity) }),
    send: async (req) => {
      for (const line of req.lines) out(line);
      return OK;
    },
    timeoutMs: 0,
  });
}
