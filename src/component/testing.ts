/** Test helpers for components: settings with silent logs and a private registry, a host without extensions, a decoded config. */
import type { CreateSettings, Host, Kind } from './component';
import { ConfigError, type ConfigIssue } from '../config/issue';
import type { Decoder } from '../config/schema';
import { silentLogger } from '../telemetry/logger';
import { Metrics } from '../telemetry/metrics';

/** Settings for a component under test: silent logs and a private metrics registry. */
export function testSettings(id: string, kind: Kind, metrics = new Metrics()): CreateSettings {
  return { id, kind, logger: silentLogger(), metrics };
}

export const NO_HOST: Host = { getExtension: () => undefined, status: () => 'running' };

/**
 * `raw` as the collector would hand it to `factory.create`: decoded by the factory's own decoder
 * (defaults filled in) and checked by its `validate`. Throws a ConfigError carrying every issue.
 */
export function configOf<C>(factory: { config: Decoder<C, boolean>; validate?(config: C): ConfigIssue[] }, raw: unknown): C {
  const issues: ConfigIssue[] = [];
  const cfg = factory.config.decode(raw, '', issues);
  if (cfg !== undefined && issues.length === 0) issues.push(...(factory.validate?.(cfg) ?? []));
  if (cfg === undefined || issues.length > 0) throw new ConfigError(issues);
  return cfg;
}
