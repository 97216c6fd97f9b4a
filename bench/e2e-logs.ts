/**
 * End-to-end logs, the bridge side by side with references in the same run: the real CLI (file_log →
 * log_pipeline with the seed's script → batch with its defaults → otlp_http proto+gzip → a counting
 * sink that checks every line arrived once) against syslog-ng (one PCRE, JSON lines to a file, as
 * ../shared/perf/reference/compare-logs.sh runs it) and an OpenTelemetry Collector contrib build
 * (filelog + regex_parser → batch → otlphttp, bench/peers/collector/logs.yaml). Each is pinned to
 * core 0; writer and sinks run on core 1.
 *
 *   npm run build && npx tsx bench/e2e-logs.ts
 *
 * Saturation: each repetition pre-writes BENCH_LINES lines once, then hands the same file to every
 * pipeline in turn; timed from the rename until the last line is out. Fixed: a paced writer appends
 * BENCH_RATE lines/s (bridge and Collector), each stamped with its write time for append → sink latency.
 * Environment: BENCH_LINES (1000000), BENCH_SECONDS (15), BENCH_WARMUP (3), BENCH_REPS (3),
 * BENCH_RATE (10000), BENCH_BATCH (unset: `batch:` with no keys), BENCH_LOG_SCRIPT (the seed's script
 * when ../shared has it, else builtin:python-ddtrace; a path, a builtin: name, or "none"),
 * BENCH_MODES (saturation,fixed), BENCH_SUBJECTS (bridge,syslog-ng,collector), BENCH_COLLECTOR=0,
 * BENCH_SYSLOG_NG=0, BENCH_QUICK=1 (200k lines, 5 s windows), BENCH_CPU_PROF=1 (the bridge's top functions),
 * BENCH_BRIDGE_NODE_OPTIONS (Node flags for the bridge alone, as NODE_OPTIONS takes them).
 */
import { existsSync, linkSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startChild, type Child } from './lib/child';
import { ensureCollector } from './lib/collector-build';
import { cpuShare, perCpu, Results, rssMedian } from './lib/compare';
import type { WriteJob } from './lib/log-writer-child';
import { prewrite } from './lib/log-corpus';
import { describeMachine } from './lib/machine';
import { startOtelcolLogs } from './lib/otelcol';
import { ProcWindow } from './lib/proc';
import { topFunctions } from './lib/profile';
import { pinSelfToLoadCore, profiles, startSidecar } from './lib/sidecar';
import { CountingSink } from './lib/sink';
import { ensureSyslogNg, startSyslogNg } from './lib/syslog-ng';
import { envNumber, fmt, sleep, table } from './lib/stats';

const QUICK = process.env.BENCH_QUICK === '1';
const LINES = Math.floor(envNumber('BENCH_LINES', QUICK ? 200_000 : 1_000_000));
const SECONDS = envNumber('BENCH_SECONDS', QUICK ? 5 : 15);
const WARMUP = envNumber('BENCH_WARMUP', QUICK ? 2 : 3);
const REPS = Math.max(1, Math.floor(envNumber('BENCH_REPS', 3)));
const RATE = envNumber('BENCH_RATE', 10000);
const BATCH = process.env.BENCH_BATCH ? envNumber('BENCH_BATCH', 8192) : undefined;
const MODES = (process.env.BENCH_MODES ?? 'saturation,fixed').split(',');
const WANT = (process.env.BENCH_SUBJECTS ?? 'bridge,syslog-ng,collector').split(',');
const SEED = path.resolve(__dirname, '../../shared/fixtures/seed/python-ddtrace.p');
const SCRIPT = process.env.BENCH_LOG_SCRIPT ?? (existsSync(SEED) ? SEED : 'builtin:python-ddtrace');
const log = (line: string) => console.error(line);

function bridgeYaml(dir: string, sinkUrl: string): string {
  const script = SCRIPT.startsWith('builtin:') ? `script: ${JSON.stringify(SCRIPT)}` : `script_file: ${JSON.stringify(SCRIPT)}`;
  return `
receivers:
  file_log: { include: [${JSON.stringify(path.join(dir, '*.log'))}], start_at: beginning }
processors:${SCRIPT === 'none' ? '' : `\n  log_pipeline: { ${script}, timezone: UTC }`}
  batch:${BATCH ? ` { send_batch_size: ${BATCH} }` : ''}
exporters:
  otlp_http: { endpoint: ${JSON.stringify(sinkUrl)}, encoding: proto, compression: gzip }
service:
  telemetry:
    logs: { level: info }
    metrics: { address: "127.0.0.1:0" }
  pipelines:
    logs: { receivers: [file_log], processors: [${SCRIPT === 'none' ? '' : 'log_pipeline, '}batch], exporters: [otlp_http] }
`;
}

/** A pipeline that tails `*.log` files in its own directory and exports to its own counting sink. */
interface Tailer {
  name: string;
  pid: number;
  dir: string;
  sink: CountingSink;
  stop(): Promise<unknown>;
}

async function startTailer(name: string, root: string, maxSeq: number, latency: boolean, notes: string[]): Promise<Tailer | undefined> {
  const dir = path.join(root, name.replace(/\W+/g, '-'));
  mkdirSync(dir);
  if (name === 'bridge') {
    const sink = await CountingSink.start({ maxSeq, latency });
    const s = await startSidecar(bridgeYaml(dir, sink.url));
    const stop = async () => {
      await s.stop().finally(() => sink.close());
      for (const f of profiles(s.profileDir)) console.error(`\nCPU profile of the bridge, top self time: ${f}\n${topFunctions(f)}`);
    };
    return { name, pid: s.pid, dir, sink, stop };
  }
  const build = ensureCollector(log);
  if (typeof build === 'string') return void notes.push(build);
  if (build.buildSec > 1) notes.push(`Collector: built in ${fmt(build.buildSec)} s`);
  const sink = await CountingSink.start({ maxSeq, latency });
  const c = await startOtelcolLogs(build, path.join(dir, '*.log'), sink.url);
  return { name: 'Collector', pid: c.pid, dir, sink, stop: () => c.stop().finally(() => sink.close()) };
}

async function saturation(root: string, notes: string[]): Promise<Results> {
  const res = new Results();
  const tailers: Tailer[] = [];
  for (const name of ['bridge', 'collector'].filter((n) => WANT.includes(n))) {
    const t = await startTailer(name, root, LINES * REPS, false, notes);
    if (t) tailers.push(t);
  }
  const sng = WANT.includes('syslog-ng') ? ensureSyslogNg(log) : 'syslog-ng: left out (BENCH_SUBJECTS)';
  if (sng !== true) notes.push(sng);
  const timeout = Math.max(120000, (LINES / 5000) * 1000);
  try {
    for (let i = 0; i < REPS; i++) {
      const staged = path.join(root, `stage-${i}.log`);
      const w = prewrite(staged, i * LINES, LINES, Math.max(30, LINES / 20000) * 1000);
      log(`# saturation: repetition ${i + 1} of ${REPS}, ${fmt(w.lines)} lines (${fmt(w.bytes / 1e6, 1)} MB)`);
      for (const t of tailers) {
        const before = (await t.sink.stats()).items;
        const win = new ProcWindow(t.pid);
        linkSync(staged, path.join(t.dir, `app-${i}.log`));
        const after = (await t.sink.waitFor(before + w.lines, timeout, 20000)).items;
        const m = { items: after - before, win: win.stop(), lost: w.lines - (after - before) };
        res.add(t.name, m);
        log(`#   ${t.name}: ${fmt(m.items)} lines in ${fmt(m.win.wallSec, 1)} s, ${fmt(perCpu(m))} per CPU-second`);
      }
      if (sng === true) {
        const dir = mkdtempSync(path.join(root, 'sng-'));
        const s = await startSyslogNg(dir);
        await sleep(500);
        const win = new ProcWindow(s.pid);
        linkSync(staged, path.join(dir, 'in.log'));
        const deadline = Date.now() + timeout;
        while (s.lines() < w.lines && Date.now() < deadline) await sleep(50);
        const m = { items: s.lines(), win: win.stop(), lost: w.lines - s.lines() };
        await s.stop();
        res.add('syslog-ng', m);
        log(`#   syslog-ng: ${fmt(m.items)} lines in ${fmt(m.win.wallSec, 1)} s, ${fmt(perCpu(m))} per CPU-second`);
        rmSync(dir, { recursive: true, force: true });
      }
      rmSync(staged);
    }
    for (const t of tailers) {
      const s = await t.sink.stats();
      if (s.duplicates || s.unmarked) notes.push(`${t.name}: ${fmt(s.duplicates)} lines duplicated, ${fmt(s.unmarked)} without a readable sequence number ✗`);
    }
  } finally {
    for (const t of tailers) await t.stop();
  }
  return res;
}

async function fixed(root: string, notes: string[]): Promise<Results> {
  const res = new Results();
  const perRep = Math.floor(RATE * SECONDS);
  const warm = Math.floor(RATE * WARMUP);
  const writer: Child = await startChild('log-writer-child.ts', {});
  const tailers: Tailer[] = [];
  const seq = new Map<string, number>();
  try {
    for (const name of ['bridge', 'collector'].filter((n) => WANT.includes(n))) {
      const t = await startTailer(name, path.join(root, 'fixed'), warm + perRep * REPS, true, notes);
      if (t) tailers.push(t);
    }
    const write = async (t: Tailer, ms: number) => {
      const file = path.join(t.dir, 'app.log');
      if (!existsSync(file)) writeFileSync(file, '');
      const first = seq.get(t.name) ?? 0;
      const job: WriteJob = { file, rate: RATE, ms, firstSeq: first };
      const win = new ProcWindow(t.pid);
      const w = await writer.ask<{ lines: number }>('write', { ...job }, ms + 60000);
      const cpu = win.stop();
      seq.set(t.name, first + w.lines);
      const s = await t.sink.waitFor(first + w.lines, 60000, 10000);
      await sleep(50);
      return { items: w.lines, win: cpu, lat: await t.sink.takeLatencies(), lost: first + w.lines - s.distinct };
    };
    log(`# fixed: warm-up ${WARMUP} s each`);
    for (const t of tailers) await write(t, WARMUP * 1000);
    for (let i = 0; i < REPS; i++) {
      log(`# fixed: repetition ${i + 1} of ${REPS}`);
      for (const t of tailers) {
        const m = await write(t, SECONDS * 1000);
        res.add(t.name, m);
        log(`#   ${t.name}: ${fmt(m.items)} lines, ${fmt(100 * m.win.cores, 1)} % of a core`);
      }
    }
  } finally {
    writer.kill();
    for (const t of tailers) await t.stop();
  }
  return res;
}

async function main(): Promise<void> {
  pinSelfToLoadCore();
  const root = mkdtempSync(path.join(tmpdir(), 'ddob-e2e-logs-'));
  mkdirSync(path.join(root, 'fixed'));
  const notes: string[] = [];
  const out: string[] = [];
  let lost = false;
  try {
    for (const m of MODES) {
      if (m === 'saturation') {
        const res = await saturation(root, notes);
        lost ||= res.lost();
        out.push(`### Saturation (${fmt(LINES)} pre-written lines per repetition)\n\n${res.table('lines', 'append → sink')}\n`);
        const rows = [...res.ratios('bridge', perCpu, (o) => `bridge / ${o}, lines per CPU-second`), ...res.ratios('bridge', rssMedian, (o) => `bridge / ${o}, RSS`)];
        if (rows.length) out.push(`${table(['ratio (per repetition)', 'median (min–max)'], rows)}\n`);
      } else if (m === 'fixed') {
        const res = await fixed(root, notes);
        lost ||= res.lost();
        out.push(`### Fixed ${fmt(RATE)} lines/s (paced appends)\n\n${res.table('lines', 'append → sink')}\n`);
        const rows = [...res.ratios('bridge', cpuShare, (o) => `bridge / ${o}, CPU`), ...res.ratios('bridge', rssMedian, (o) => `bridge / ${o}, RSS`)];
        if (rows.length) out.push(`${table(['at a steady rate', 'median (min–max)'], rows)}\n`);
      } else throw new Error(`BENCH_MODES: unknown mode "${m}"`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const script = SCRIPT === SEED ? "the seed's script (shared/fixtures/seed/python-ddtrace.p)" : SCRIPT;
  console.log(`## e2e-logs: the bridge beside its references, same run, same core, same lines\n`);
  console.log(`Machine: ${describeMachine()}. Date: ${new Date().toISOString().slice(0, 10)}.`);
  console.log(`Bridge: file_log → log_pipeline (${script}) → batch (${BATCH ? `send_batch_size ${BATCH}` : 'no keys: its defaults'}) → otlp_http (proto, gzip) → counting sink.`);
  console.log(`${REPS} repetitions; fixed: ${WARMUP} s warm-up, ${SECONDS} s windows; median (min–max) over repetitions.`);
  for (const n of new Set(notes)) console.log(`- ${n}`);
  console.log(`\n${out.join('\n')}`);
  if (lost) {
    console.error('log lines were lost');
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
