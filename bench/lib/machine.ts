/**
 * The machine a benchmark ran on, and CPU pinning with taskset (util-linux). Pinning follows the
 * perf plan: the sidecar alone on core 0, load generator, sink and this orchestrator on core 1.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';

export interface Machine {
  nproc: number;
  cpu: string;
  node: string;
  taskset: boolean;
}

let cached: Machine | undefined;

export function machine(): Machine {
  if (cached) return cached;
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1].trim();
  } catch {
    /* not Linux */
  }
  const nproc = Number(spawnSync('nproc', { encoding: 'utf8' }).stdout?.trim()) || cpus().length;
  const taskset = !process.env.BENCH_NO_PIN && spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;
  cached = { nproc, cpu, node: process.version, taskset };
  return cached;
}

/** Pins every existing thread of `pid` to `core`; threads created later inherit it. */
export function pin(pid: number, core: number): boolean {
  if (!machine().taskset || machine().nproc < 2) return false;
  return spawnSync('taskset', ['-a', '-pc', String(core), String(pid)], { stdio: 'ignore' }).status === 0;
}

/** Which cores `pid` may run on, as taskset prints it ("0", "1", "0,1"). */
export function affinity(pid: number): string {
  const r = spawnSync('taskset', ['-pc', String(pid)], { encoding: 'utf8' });
  return r.stdout?.split(':').pop()?.trim() ?? '?';
}

export function describeMachine(): string {
  const m = machine();
  return `${m.nproc} cores (nproc), ${m.cpu}, node ${m.node}, ${m.taskset ? 'sidecar pinned to core 0, load and sink on core 1 (taskset)' : 'NOT pinned (taskset missing or BENCH_NO_PIN set)'}`;
}
