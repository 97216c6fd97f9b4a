/** Test helpers for components: settings with silent logs and a private registry, and a host without extensions. */
import type { CreateSettings, Host, Kind } from './component';
import { silentLogger } from '../telemetry/logger';
import { Metrics } from '../telemetry/metrics';

/** Settings for a component under test: silent logs and a private metrics registry. */
export function testSettings(id: string, kind: Kind, metrics = new Metrics()): CreateSettings {
  return { id, kind, logger: silentLogger(), metrics };
}

export const NO_HOST: Host = { getExtension: () => undefined, status: () => 'running' };
