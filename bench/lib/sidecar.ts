/**
 * The real CLI (dist/src/main.js, `npm run build` first) started through the test helper, pinned
 * to core 0 from its first instruction: this process moves itself to core 0 just for the spawn
 * (a child inherits the spawning thread's affinity), then back to core 1, where the load
 * generator and sink it starts later also run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI, startCollector, type RunningCollector } from '../../test/helpers/collector';
import { machine, pin } from './machine';

export const SIDECAR_CORE = 0;
export const LOAD_CORE = 1;

/** Pins this orchestrator (and so every child it starts afterwards) to the load core. */
export function pinSelfToLoadCore(): void {
  pin(process.pid, LOAD_CORE);
}

export interface Sidecar extends RunningCollector {
  /** Sum of a Prometheus metric over all its label sets (NaN when absent). */
  metric(name: string): Promise<number>;
  /** Directory the CPU profile is written to on exit, when profiling. */
  profileDir?: string;
}

export async function startSidecar(yaml: string): Promise<Sidecar> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const profileDir = process.env.BENCH_CPU_PROF ? mkdtempSync(path.join(tmpdir(), 'ddob-prof-')) : undefined;
  // NODE_OPTIONS refuses --cpu-prof, so a preload starts the profiler through node:inspector.
  // BENCH_BRIDGE_NODE_OPTIONS: Node flags for the bridge alone (the references keep theirs).
  const extra = process.env.BENCH_BRIDGE_NODE_OPTIONS ?? '';
  const env: NodeJS.ProcessEnv = profileDir
    ? { NODE_OPTIONS: `${extra} --require ${path.join(__dirname, 'cpu-prof-preload.js')}`.trim(), BENCH_CPU_PROF_DIR: profileDir }
    : extra ? { NODE_OPTIONS: extra } : {};
  const m = machine();
  const pinning = m.taskset && m.nproc >= 2;
  // Main thread only (no -a): libuv forks from it.
  if (pinning) spawnSync('taskset', ['-pc', String(SIDECAR_CORE), String(process.pid)], { stdio: 'ignore' });
  let c: RunningCollector;
  try {
    c = await startCollector(yaml, { env, readyTimeoutMs: 30000 });
  } finally {
    if (pinning) pin(process.pid, LOAD_CORE);
  }
  if (pinning) pin(c.pid, SIDECAR_CORE);
  return {
    ...c,
    profileDir,
    async metric(name: string): Promise<number> {
      const text = await (await fetch(c.metricsUrl)).text();
      let sum = NaN;
      for (const line of text.split('\n')) {
        if (line.startsWith(name) && (line[name.length] === '{' || line[name.length] === ' ')) {
          const v = Number(line.slice(line.lastIndexOf(' ') + 1));
          sum = (Number.isNaN(sum) ? 0 : sum) + v;
        }
      }
      return sum;
    },
  };
}

/** The .cpuprofile files a profiled sidecar wrote on exit. */
export function profiles(dir: string | undefined): string[] {
  if (!dir || !existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dir, f));
}
