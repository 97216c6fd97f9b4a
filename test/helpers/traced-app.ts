import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from './collector';

/** Env that keeps a dd-trace child quick and quiet: only traces, flushed every 50 ms. */
export const QUIET_TRACER_ENV: NodeJS.ProcessEnv = {
  DD_TRACE_FLUSH_INTERVAL: '50',
  DD_TRACE_STARTUP_LOGS: 'false',
  DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false',
  DD_REMOTE_CONFIGURATION_ENABLED: 'false',
  DD_RUNTIME_METRICS_ENABLED: 'false',
  DD_PROFILING_ENABLED: 'false',
  DD_DATA_STREAMS_ENABLED: 'false',
  DD_TRACE_STATS_COMPUTATION_ENABLED: 'false',
  DD_CRASHTRACKING_ENABLED: 'false',
  DD_APPSEC_ENABLED: 'false',
};

export interface TracedApp<S> {
  child: ChildProcess;
  url: string;
  /** What the app printed as `SPAN <json>` lines: every span its tracer finished. */
  spans: S[];
  stdout(): string;
  stderr(): string;
}

export interface StartOptions {
  /** The command line, for an app that is not a Node script (`script` then only names it). */
  argv?: string[];
  /** Give the tracer QUIET_TRACER_ENV (default); false leaves every tracer default as it is. */
  quiet?: boolean;
  /** How long the app may take to listen (default 20 s). */
  readyTimeoutMs?: number;
}

/**
 * Starts a fixture app (`test/fixtures/...js`) that prints `LISTENING <port>` once it serves and
 * `SPAN <json>` for each finished span; resolves when it listens.
 */
export function startTracedApp<S>(script: string, env: NodeJS.ProcessEnv, opts: StartOptions = {}): Promise<TracedApp<S>> {
  const [cmd, ...args] = opts.argv ?? [process.execPath, script];
  const child = spawn(cmd, args, {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, ...(opts.quiet === false ? {} : QUIET_TRACER_ENV), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const spans: S[] = [];
  let partial = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${out}\n${err}`)), opts.readyTimeoutMs ?? 20000);
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      partial += d;
      const lines = partial.split('\n');
      partial = lines.pop()!;
      for (const l of lines) {
        if (l.startsWith('SPAN ')) spans.push(JSON.parse(l.slice(5)));
        const m = /^LISTENING (\d+)$/.exec(l);
        if (m) {
          clearTimeout(timer);
          resolve({ child, url: `http://127.0.0.1:${m[1]}`, spans, stdout: () => out, stderr: () => err });
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${out}\n${err}`)));
  });
}

/** SIGTERM (the fixtures flush their tracer on it) and wait for the exit. */
export async function stopTracedApp(app: { child: ChildProcess } | undefined): Promise<void> {
  if (!app || app.child.exitCode !== null) return;
  const exited = new Promise((r) => app.child.once('exit', r));
  app.child.kill('SIGTERM');
  await exited;
}
