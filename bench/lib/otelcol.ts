/**
 * Runs the benchmark's Collector contrib build (collector-build.ts) with one of the committed configs in
 * bench/peers/collector/, pinned to the sidecar's core; the config reads its ports and paths from the
 * environment set here.
 */
import path from 'node:path';
import { COLLECTOR_DIR, type CollectorBuild } from './collector-build';
import { freePort, spawnPinned, type Pinned } from './pinned';

export interface Otelcol extends Pinned {
  /** Where the load generator sends (traces only). */
  url?: string;
}

async function start(build: CollectorBuild, config: string, env: Record<string, string>): Promise<Otelcol> {
  const p = spawnPinned(build.bin, ['--config', path.join(COLLECTOR_DIR, config)], { env: { ...process.env, ...env } });
  await p.waitFor(/Everything is ready/, 60000);
  return p;
}

export async function startOtelcolTraces(build: CollectorBuild, sinkUrl: string): Promise<Otelcol> {
  const port = await freePort();
  const dd = build.traces === 'datadog';
  const p = await start(build, dd ? 'traces-datadog.yaml' : 'traces-otlp.yaml', { BENCH_RECEIVER_PORT: String(port), BENCH_SINK_URL: sinkUrl });
  return { ...p, url: `http://127.0.0.1:${port}${dd ? '/v0.4/traces' : '/v1/traces'}` };
}

export function startOtelcolLogs(build: CollectorBuild, glob: string, sinkUrl: string): Promise<Otelcol> {
  return start(build, 'logs.yaml', { BENCH_LOG_GLOB: glob, BENCH_SINK_URL: sinkUrl });
}
