import type { Factory, Kind } from '../component/component';
import type { Signal } from '../consumer/consumer';
import type { LogLevel } from '../telemetry/logger';

export interface ComponentConfig {
  id: string;
  type: string;
  kind: Kind;
  factory: Factory;
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
  receivers: Map<string, ComponentConfig>;
  processors: Map<string, ComponentConfig>;
  exporters: Map<string, ComponentConfig>;
  extensions: Map<string, ComponentConfig>;
  service: {
    extensions: string[];
    pipelines: Map<string, PipelineConfig>;
    telemetry: TelemetryConfig;
  };
}

export const SECTION_KINDS: Record<'receivers' | 'processors' | 'exporters' | 'extensions', Kind> = {
  receivers: 'receiver',
  processors: 'processor',
  exporters: 'exporter',
  extensions: 'extension',
};
