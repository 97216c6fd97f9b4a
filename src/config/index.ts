import type { Registry } from '../component/registry';
import { expandEnv } from './env';
import { type ConfigIssue, ConfigError } from './issue';
import { loadConfigFiles } from './load';
import type { CollectorConfig } from './model';
import { resolveConfig } from './resolve';

export interface LoadedConfig {
  config: CollectorConfig;
  warnings: string[];
}

/** Reads, merges, expands and resolves `--config` files; throws ConfigError listing every problem. */
export function loadConfig(paths: string[], registry: Registry, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const raw = loadConfigFiles(paths);
  const expanded = expandEnv(raw, env);
  const r = resolveConfig(expanded.value, registry);
  const issues: ConfigIssue[] = [...expanded.errors, ...r.issues];
  if (issues.length > 0 || !r.config) throw new ConfigError(issues);
  return { config: r.config, warnings: [...expanded.warnings, ...r.warnings] };
}

export { ConfigError, formatIssue } from './issue';
export type { ConfigIssue } from './issue';
export type { CollectorConfig } from './model';
