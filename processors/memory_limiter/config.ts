/** `memory_limiter` processor config, with the Collector's keys; the limits derived from it. */
import type { ConfigIssue } from '../../src/config/issue';
import * as s from '../../src/config/schema';

export const config = s.object({
  check_interval: s.duration({ min: 1 }).def(1000),
  /** Hard limit in MiB; the soft limit is this minus the spike allowance. */
  limit_mib: s.int({ min: 0 }).def(0),
  spike_limit_mib: s.int({ min: 0 }).def(0),
  /** Alternatives to the MiB limits, as a percentage of the machine's memory. */
  limit_percentage: s.int({ min: 0, max: 100 }).def(0),
  spike_limit_percentage: s.int({ min: 0, max: 100 }).def(0),
});

export type Config = s.Infer<typeof config>;

export function validate(cfg: Config): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (cfg.limit_mib === 0 && cfg.limit_percentage === 0) {
    issues.push({ path: 'limit_mib', message: 'set limit_mib (for example 512) or limit_percentage (for example 80)' });
  }
  if (cfg.limit_mib > 0 && cfg.spike_limit_mib >= cfg.limit_mib) {
    issues.push({ path: 'spike_limit_mib', message: `must be less than limit_mib (${cfg.limit_mib}), got ${cfg.spike_limit_mib}` });
  }
  if (cfg.limit_percentage > 0 && cfg.spike_limit_percentage >= cfg.limit_percentage) {
    issues.push({ path: 'spike_limit_percentage', message: `must be less than limit_percentage (${cfg.limit_percentage}), got ${cfg.spike_limit_percentage}` });
  }
  return issues;
}

const MIB = 1024 * 1024;

/** Hard and soft limits in bytes; the spike allowance defaults to 20% of the limit, as in the Collector. */
export function limitsBytes(cfg: Config, totalMemory: number): { hard: number; soft: number } {
  if (cfg.limit_mib > 0) {
    const spike = cfg.spike_limit_mib > 0 ? cfg.spike_limit_mib : Math.floor(cfg.limit_mib / 5);
    return { hard: cfg.limit_mib * MIB, soft: (cfg.limit_mib - spike) * MIB };
  }
  const hard = (totalMemory * cfg.limit_percentage) / 100;
  const spikePct = cfg.spike_limit_percentage > 0 ? cfg.spike_limit_percentage : cfg.limit_percentage / 5;
  return { hard, soft: hard - (totalMemory * spikePct) / 100 };
}
