import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const CLI = path.join(REPO_ROOT, 'dist/src/main.js');

export interface LogLine {
  level: number;
  msg: string;
  id?: string;
  kind?: string;
  address?: string;
  [k: string]: unknown;
}

export interface RunningCollector {
  child: ChildProcess;
  pid: number;
  /** The sidecar's own JSON log lines so far. */
  logs: LogLine[];
  stderr(): string;
  stdout(): string;
  /** `host:port` a component (by id, or "telemetry" for /metrics) reported it listens on. */
  address(id: string): string;
  metricsUrl: string;
  /** Sends SIGTERM and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  waitForExit(): Promise<number | null>;
  waitForLog(pred: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

export function writeConfig(yaml: string, dir = mkdtempSync(path.join(tmpdir(), 'ddob-cfg-'))): string {
  const file = path.join(dir, 'config.yaml');
  writeFileSync(file, yaml);
  return file;
}

/** Runs the built CLI (`npm run build` first) and resolves once it logged that it is ready. */
export async function startCollector(
  configYaml: string,
  opts: { env?: NodeJS.ProcessEnv; args?: string[]; readyTimeoutMs?: number; cwd?: string } = {},
): Promise<RunningCollector> {
  const file = writeConfig(configYaml);
  const child = spawn(process.execPath, [CLI, '--config', file, ...(opts.args ?? [])], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  const logs: LogLine[] = [];
  let partial = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    partial += d;
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const l of lines) {
      try {
        logs.push(JSON.parse(l));
      } catch {
        /* debug exporter text and other non-JSON lines */
      }
    }
  });
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let exitCode: number | null | undefined;
  void exited.then((c) => (exitCode = c));

  const waitForLog = async (pred: (l: LogLine) => boolean, timeoutMs = 10000): Promise<LogLine> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = logs.find(pred);
      if (hit) return hit;
      if (exitCode !== undefined) throw new Error(`collector exited with ${exitCode} before the expected log line; stderr:\n${err}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for a log line; stderr:\n${err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await waitForLog((l) => /^everything is ready/i.test(l.msg ?? ''), opts.readyTimeoutMs ?? 15000);
  const address = (id: string) => {
    const l = logs.find((x) => x.address && (x.id === id || x.component === id));
    if (!l) throw new Error(`no listening address logged for "${id}"; stderr:\n${err}`);
    return l.address!;
  };
  let metricsUrl = '';
  try {
    metricsUrl = `http://${address('telemetry')}/metrics`;
  } catch {
    /* metrics disabled */
  }
  return {
    child,
    pid: child.pid!,
    logs,
    stderr: () => err,
    stdout: () => out,
    address,
    metricsUrl,
    waitForLog,
    waitForExit: () => exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (exitCode === undefined) child.kill(signal);
      return exited;
    },
  };
}

/** Runs the CLI to completion (validate, components, pipeline) and returns its output. */
export function runCli(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? REPO_ROOT, env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}
