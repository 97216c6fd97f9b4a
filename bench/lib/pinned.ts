/**
 * Starts a reference process (pipe-fast, pipe-otel, the Collector, syslog-ng) pinned to the
 * sidecar's core with `taskset -c`, so it is measured on the same core as the bridge.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';
import { machine } from './machine';
import { SIDECAR_CORE } from './sidecar';

export interface Pinned {
  proc: ChildProcess;
  pid: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves when `pattern` appears in its output; rejects if it exits first or `timeoutMs` passes. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function spawnPinned(cmd: string, args: string[], opts: SpawnOptions = {}): Pinned {
  const m = machine();
  const [file, argv] = m.taskset && m.nproc >= 2 ? ['taskset', ['-c', String(SIDECAR_CORE), cmd, ...args]] : [cmd, args];
  const proc = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  let out = '';
  let exit: string | undefined;
  const waiters = new Set<() => void>();
  const poke = () => waiters.forEach((w) => w());
  proc.stdout?.setEncoding('utf8').on('data', (d: string) => ((out += d), poke()));
  proc.stderr?.setEncoding('utf8').on('data', (d: string) => ((out += d), poke()));
  const exited = new Promise<void>((r) => proc.once('exit', (code, sig) => ((exit = `exited with ${code ?? sig}`), poke(), r())));
  return {
    proc,
    pid: proc.pid!,
    output: () => out,
    waitFor(pattern, timeoutMs = 60000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`${cmd} did not print ${pattern} within ${timeoutMs} ms:\n${out.slice(-2000)}`)), timeoutMs);
        const check = () => {
          if (pattern.test(out)) done();
          else if (exit) done(new Error(`${cmd} ${exit} before printing ${pattern}:\n${out.slice(-2000)}`));
        };
        const done = (err?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (err) reject(err);
          else resolve();
        };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (exit) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** A port that was free a moment ago on 127.0.0.1 (for programs that cannot listen on port 0 and say where). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
