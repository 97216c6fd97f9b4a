/** The resolved configuration: each component id with its factory and decoded config, the pipelines and telemetry. */
import type { FactoryOf, Kind } from '../component/component';
import type { Signal } from '../consumer/consumer';
import type { LogLevel } from '../telemetry/logger';

/** One configured component: its factory (of the section's kind) and its decoded config. */
export interface ComponentConfig<K extends Kind = Kind> {
  id: string;
  type: string;
  kind: K;
  factory: FactoryOf<K>;
  config: unknown;
}

export interface PipelineConfig {
  id: string;
  signal: Signal;
  receivers: string[];
  processors: string[];
  exporters: string[];
}

export interface TelemetryConfig {
  logs: { level: LogLevel; encoding: 'json' | 'console' };
  metrics: { address: string; level: 'none' | 'basic' | 'normal' | 'detailed' };
}

/** A resolved, validated configuration: every id points at a factory and a decoded config. */
export interface CollectorConfig {
  receivers: Map<string, ComponentConfig<'receiver'>>;
  processors: Map<string, ComponentConfig<'processor'>>;
  exporters: Map<string, ComponentConfig<'exporter'>>;
  extensions: Map<string, ComponentConfig<'extension'>>;
  service: {
    extensions: string[];
    pipelines: Map<string, PipelineConfig>;
    telemetry: TelemetryConfig;
  };
}

export const SECTION_KINDS = {
  receivers: 'receiver',
  processors: 'processor',
  exporters: 'exporter',
  extensions: 'extension',
} as const satisfies Record<string, Kind>;

export type Section = keyof typeof SECTION_KINDS;
/** The configured components of each section, typed by the section's kind. */
export type Sections = { [S in Section]: Map<string, ComponentConfig<(typeof SECTION_KINDS)[S]>> };
