/**
 * The YAML of the usual end-to-end setups: traces from the datadog receiver and/or logs from
 * file_log through log_pipeline, batched, exported with otlp_http; everything on loopback port 0.
 * Also the file_log restart setups, whose offsets file_storage keeps.
 */
import path from 'node:path';

export interface BridgeConfigOptions {
  /** Base URL of the OTLP sink (`OtlpSink.url`). */
  sinkUrl: string;
  traces?: boolean;
  logs?: { include: string; script: string; timezone?: string; startAt?: 'beginning' | 'end' };
  batchTimeout?: string;
  /**
   * More log pipelines, by name: each tails `include` with its own script and exports to
   * `<sinkUrl>/<name>`, so the sink tells their records apart by request path.
   */
  namedLogs?: Record<string, { include: string; script?: string; scriptFile?: string }>;
  /** More trace receivers by id (YAML of their keys, indented by 4), in the traces pipeline beside `datadog`. */
  traceReceivers?: Record<string, string>;
  /** More processors by id (YAML of their keys, indented by 4), before `batch` in the traces and logs pipelines. */
  processors?: Record<string, string>;
}

export function bridgeConfig(o: BridgeConfigOptions): string {
  const pipelines: string[] = [];
  let receivers = '';
  let processors = `  batch:\n    timeout: ${o.batchTimeout ?? '50ms'}\n`;
  const extra = Object.keys(o.processors ?? {}).map((id) => `${id}, `).join('');
  for (const [id, body] of Object.entries(o.processors ?? {})) processors += `  ${id}:\n${body}`;
  if (o.traces) {
    receivers += '  datadog:\n    endpoint: 127.0.0.1:0\n';
    for (const [id, body] of Object.entries(o.traceReceivers ?? {})) receivers += `  ${id}:\n${body}`;
    const ids = ['datadog', ...Object.keys(o.traceReceivers ?? {})].join(', ');
    pipelines.push(`    traces:\n      receivers: [${ids}]\n      processors: [${extra}batch]\n      exporters: [otlp_http]`);
  }
  if (o.logs) {
    receivers += `  file_log:\n    include: [${JSON.stringify(o.logs.include)}]\n    start_at: ${o.logs.startAt ?? 'beginning'}\n    poll_interval: 50ms\n`;
    processors += `  log_pipeline:\n    script: ${o.logs.script}\n${o.logs.timezone ? `    timezone: ${o.logs.timezone}\n` : ''}`;
    pipelines.push(`    logs:\n      receivers: [file_log]\n      processors: [log_pipeline, ${extra}batch]\n      exporters: [otlp_http]`);
  }
  let exporters = `  otlp_http:\n    endpoint: ${o.sinkUrl}\n`;
  for (const [name, l] of Object.entries(o.namedLogs ?? {})) {
    receivers += `  file_log/${name}:\n    include: [${JSON.stringify(l.include)}]\n    start_at: beginning\n    poll_interval: 50ms\n`;
    processors += `  log_pipeline/${name}:\n    ${l.scriptFile ? `script_file: ${JSON.stringify(l.scriptFile)}` : `script: ${l.script}`}\n`;
    exporters += `  otlp_http/${name}:\n    endpoint: ${o.sinkUrl}/${name}\n`;
    pipelines.push(`    logs/${name}:\n      receivers: [file_log/${name}]\n      processors: [log_pipeline/${name}, batch]\n      exporters: [otlp_http/${name}]`);
  }
  return `receivers:
${receivers}processors:
${processors}exporters:
${exporters}service:
  telemetry:
    metrics: { address: "127.0.0.1:0" }
  pipelines:
${pipelines.join('\n')}
`;
}

export interface StoredFileLogOptions {
  /** Glob of the tailed files, below `<dir>/logs`. */
  include: string;
  /** More file_log keys (`start_at`, `poll_interval`…). */
  fileLog?: Record<string, unknown>;
  /** Processors by id with their keys, in pipeline order. */
  processors?: Record<string, Record<string, unknown>>;
  /** The one exporter: its id and keys. */
  exporter: [id: string, keys: Record<string, unknown>];
}

/**
 * One logs pipeline from file_log whose offsets file_storage keeps in `<dir>/storage`, for the
 * scenarios that stop, kill or restart the CLI. Keys are written as JSON, which YAML reads as is.
 */
export function storedFileLogConfig(dir: string, o: StoredFileLogOptions): string {
  const fileLog = { include: [path.join(dir, 'logs', o.include)], ...o.fileLog, storage: 'file_storage' };
  const processors = Object.entries(o.processors ?? {});
  const [exporter, keys] = o.exporter;
  return `receivers:
  file_log: ${JSON.stringify(fileLog)}
${processors.length ? `processors:\n${processors.map(([id, k]) => `  ${id}: ${JSON.stringify(k)}\n`).join('')}` : ''}exporters:
  ${exporter}: ${JSON.stringify(keys)}
extensions:
  file_storage: { directory: ${JSON.stringify(path.join(dir, 'storage'))} }
service:
  extensions: [file_storage]
  telemetry:
    metrics: { address: "127.0.0.1:0" }
  pipelines:
    logs:
      receivers: [file_log]
${processors.length ? `      processors: [${processors.map(([id]) => id).join(', ')}]\n` : ''}      exporters: [${exporter}]
`;
}
