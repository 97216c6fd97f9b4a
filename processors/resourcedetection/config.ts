/**
 * `resourcedetection` processor config, with the Collector's keys: `detectors` (in order; the
 * first to set an attribute wins), `override`, `timeout`, and per-detector settings.
 */
import * as s from '../../src/config/schema';

export const DETECTORS = ['env', 'system', 'downward_api'] as const;
export type DetectorName = (typeof DETECTORS)[number];

const enabled = (on: boolean) => s.object({ enabled: s.bool().def(on) });

export const config = s.object({
  /** `detectors` (`[env]`, the Collector's default): which sources to read, in order of precedence. */
  detectors: s.list(s.oneOf(DETECTORS)).def(['env']),
  /**
   * `override` (false): whether detected attributes replace those already on an item's resource.
   * The Collector defaults to true; here what the tracer set (its `host.name`, say) wins unless
   * this is true.
   */
  override: s.bool().def(false),
  /** `timeout` (5s): how long detection may take at start before startup fails. */
  timeout: s.duration({ min: 1 }).def(5000),
  /** `system::resource_attributes::<name>::enabled`: which host attributes the `system` detector sets. */
  system: s.object({
    resource_attributes: s.object({
      'host.name': enabled(true),
      'os.type': enabled(true),
      'host.arch': enabled(false),
    }),
  }),
});

export type Config = s.Infer<typeof config>;
