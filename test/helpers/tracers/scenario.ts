/**
 * One run of a real-tracer app against the real CLI: the app sends its traces to the bridge's
 * datadog receiver and writes log lines that the bridge tails with one or more scripts; an
 * independent OTLP sink collects both. Used by the e2e tests and by the join-rate matrix.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bridgeConfig } from '../bridge-config';
import { startCollector } from '../collector';
import { OtlpSink, type SinkLog, type SinkSpan } from '../sink';
import { startTracedApp, stopTracedApp } from '../traced-app';
import type { AppBuild, Tracer } from './apps';

export const SERVICE: Record<Tracer, string> = { python: 'Python-App', go: 'go-app', java: 'java-app' };
export const DD_ENV = 'Testing';
export const DD_VERSION = 'V1.1';

export interface ScenarioOptions {
  app: AppBuild;
  /** Log pipelines by name → `builtin:NAME` or a script file; each exports to the sink under `/<name>`. */
  scripts: Record<string, string>;
  /** More env for the app (`LOG_FORMAT`, `DD_TRACE_128_BIT_TRACEID_LOGGING_ENABLED`). */
  env?: Record<string, string>;
  /** The tracer logs at debug level (default true); off, it starts faster and times are the user's. */
  debug?: boolean;
  /** Rounds of `/a`, `/nested/<n>`, `/error` (each round writes 4 lines). Default 3. */
  rounds?: number;
}

export interface Outcome {
  app: AppBuild;
  /** The app's log file, line by line. */
  lines: string[];
  spans: SinkSpan[];
  /** When the sink received each span (ms since the epoch), by span id. */
  spanArrivals: Map<string, number>;
  /** Log records at the sink, by pipeline name. */
  logs: Record<string, SinkLog[]>;
  /** What the tracer logged about itself. */
  tracerLog: string;
  /** Each request and the status it got. */
  requests: { path: string; status: number }[];
  /** The bridge's exit code after SIGTERM, and what it logged. */
  bridge: { exitCode: number | null; stderr: string };
}

const LINES_PER_ROUND = 4;

/** The span id a line carries, as 16 hex digits (every tracer here writes it in decimal). */
export function lineSpanId(line: string): string | undefined {
  const m = /dd\.span_id="?(\d+)/.exec(line);
  return m && m[1] !== '0' ? BigInt(m[1]).toString(16).padStart(16, '0') : undefined;
}

function tracerEnv(o: ScenarioOptions, dir: string): Record<string, string> {
  const debug = o.debug ?? true;
  const env: Record<string, string> = {};
  if (o.app.tracer !== 'go') env.DD_LOGS_INJECTION = 'true';
  if (debug) env.DD_TRACE_DEBUG = 'true';
  // ddtrace also prints its debug records on stderr, without levels; its own file has them.
  if (debug && o.app.tracer === 'python') env.DD_TRACE_LOG_FILE = path.join(dir, 'tracer.log');
  return env;
}

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function readLines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
}

/** Runs the app's requests through a fresh bridge and sink; resolves once every line and its span arrived. */
export async function runScenario(o: ScenarioOptions): Promise<Outcome> {
  const dir = mkdtempSync(path.join(tmpdir(), `ddob-${o.app.tracer}-`));
  const logFile = path.join(dir, 'app.log');
  writeFileSync(logFile, '');
  const sink = await OtlpSink.start();
  const namedLogs = Object.fromEntries(
    Object.entries(o.scripts).map(([name, s]) => [name, s.startsWith('builtin:') ? { include: logFile, script: s } : { include: logFile, scriptFile: s }]),
  );
  const collector = await startCollector(bridgeConfig({ sinkUrl: sink.url, traces: true, namedLogs, batchTimeout: '20ms' }), { env: { TZ: 'UTC' } });
  const agentUrl = `http://${collector.address('datadog')}`;
  let app: Awaited<ReturnType<typeof startTracedApp>> | undefined;
  const requests: Outcome['requests'] = [];
  const rounds = o.rounds ?? 3;
  let exitCode: number | null = null;
  const logsOf = (name: string) => sink.requests.filter((r) => r.status < 300 && r.path.startsWith(`/${name}/`)).flatMap((r) => r.logs);
  try {
    app = await startTracedApp(o.app.argv[0], {
      HOME: process.env.HOME,
      TZ: 'UTC',
      LOG_FILE: logFile,
      DD_SERVICE: SERVICE[o.app.tracer],
      DD_ENV,
      DD_VERSION,
      DD_TRACE_AGENT_URL: agentUrl,
      ...tracerEnv(o, dir),
      ...o.env,
    }, { argv: o.app.argv, quiet: false, readyTimeoutMs: 180_000 });
    for (let n = 0; n < rounds; n++) {
      for (const p of ['/a', `/nested/${n}`, '/error']) {
        const res = await fetch(app.url + p);
        await res.text();
        requests.push({ path: p, status: res.status });
      }
    }
    const expected = rounds * LINES_PER_ROUND;
    await until(() => readLines(logFile).length >= expected, 20_000, `${expected} lines in the app's log`);
    const wanted = readLines(logFile).map(lineSpanId).filter((x): x is string => !!x);
    // The tracer flushes on its own schedule: wait for it rather than forcing it, so the line-to-trace
    // delays measured are the ones users get.
    await sink.waitFor((s) => {
      const have = new Set(s.spans.map((x) => x.spanId));
      return wanted.every((id) => have.has(id));
    }, 60_000, 'the span of every log line');
    for (const name of Object.keys(o.scripts)) await sink.waitFor(() => logsOf(name).length >= expected, 60_000, `${expected} log records from "${name}"`);
  } finally {
    await stopTracedApp(app);
    exitCode = await collector.stop();
    await sink.close();
  }
  const spanArrivals = new Map<string, number>();
  for (const r of sink.requests) if (r.status < 300) for (const s of r.spans) if (!spanArrivals.has(s.spanId)) spanArrivals.set(s.spanId, r.at);
  const tracerLog = o.app.tracer === 'python' && (o.debug ?? true) ? readFileSync(path.join(dir, 'tracer.log'), 'utf8') : app!.stderr();
  return {
    app: o.app,
    lines: readLines(logFile),
    spans: sink.spans,
    spanArrivals,
    logs: Object.fromEntries(Object.keys(o.scripts).map((name) => [name, logsOf(name)])),
    tracerLog,
    requests,
    bridge: { exitCode, stderr: collector.stderr() },
  };
}
