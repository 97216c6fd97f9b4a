/** How log_pipeline reports matches cut off by the per-line time budget: a counter and a rate-limited warning. */
import type { CreateSettings } from '../../src/component/component';
import { RateLimitedLog } from '../../src/telemetry/logger';

/** Called after a run in which `n` matches of `script` failed because the line's budget ran out. */
export type BudgetReport = (script: string, n: number) => void;

export function budgetReport(set: CreateSettings, budgetMs: number): BudgetReport {
  const counter = set.metrics.counter(
    'otelcol_processor_log_pipeline_match_budget_exceeded',
    'Records in which a grok or regex match was cut off by match_budget (the record is forwarded as the script left it)',
    ['processor', 'script'],
  );
  const warn = new RateLimitedLog(set.logger);
  return (script, n) => {
    counter.inc({ processor: set.id, script });
    warn.warn(
      `budget:${script}`,
      { script, matches: n, match_budget_ms: budgetMs },
      'A pattern match ran out of the per-record time budget and failed; the record is forwarded as the script left it',
    );
  };
}
