/**
 * End-to-end traces, the bridge side by side with references in the same run: the real CLI (datadog →
 * batch with its shipped defaults → otlp_http proto+gzip → a counting sink) against pipe-fast and
 * pipe-otel (../shared/perf/reference/traces-server.js) and an OpenTelemetry Collector contrib build
 * (bench/peers/collector/). Each is pinned to core 0; load generator and sinks run on core 1.
 *
 *   npm run build && npx tsx bench/e2e-traces.ts
 *
 * Saturation: closed loop, every pipeline in turn within each repetition; ratios are taken
 * repetition by repetition. Fixed: open loop at BENCH_RATE spans/s, bridge and Collector. A window
 * runs from the first request until the sink holds every span accepted with 200.
 * Environment: BENCH_SECONDS (15), BENCH_WARMUP (3), BENCH_REPS (3), BENCH_CONNECTIONS (8),
 * BENCH_RATE (10000), BENCH_BATCH (unset: `batch:` with no keys), BENCH_MODES (saturation,fixed),
 * BENCH_SUBJECTS (bridge,pipe-fast,pipe-otel,collector), BENCH_COLLECTOR=0, BENCH_QUICK=1 (5 s windows),
 * BENCH_CPU_PROF=1 (the bridge's top self-time functions), BENCH_BRIDGE_NODE_OPTIONS (Node flags for the
 * bridge alone, as NODE_OPTIONS takes them).
 */
import { startChild, type Child } from './lib/child';
import { ensureCollector } from './lib/collector-build';
import { cpuShare, perCpu, Results, rssMedian } from './lib/compare';
import { describeMachine } from './lib/machine';
import { startOtelcolTraces } from './lib/otelcol';
import { ProcWindow } from './lib/proc';
import { findReference, startTraceServer } from './lib/reference';
import { topFunctions } from './lib/profile';
import { pinSelfToLoadCore, profiles, startSidecar } from './lib/sidecar';
import { CountingSink } from './lib/sink';
import { envNumber, fmt, median, spread, table } from './lib/stats';
import type { LoadJob, LoadResult } from './lib/trace-load-child';

const QUICK = process.env.BENCH_QUICK === '1';
const SECONDS = envNumber('BENCH_SECONDS', QUICK ? 5 : 15);
const WARMUP = envNumber('BENCH_WARMUP', QUICK ? 2 : 3);
const REPS = Math.max(1, Math.floor(envNumber('BENCH_REPS', 3)));
const CONNECTIONS = Math.max(1, Math.floor(envNumber('BENCH_CONNECTIONS', 8)));
const RATE = envNumber('BENCH_RATE', 10000);
const BATCH = process.env.BENCH_BATCH ? envNumber('BENCH_BATCH', 8192) : undefined;
const MODES = (process.env.BENCH_MODES ?? 'saturation,fixed').split(',');
const WANT = (process.env.BENCH_SUBJECTS ?? 'bridge,pipe-fast,pipe-otel,collector').split(',');
const SPANS_PER_BODY = 200;
const OPEN_SOCKETS = 512;
const DRAIN_MS = 60000;
const log = (line: string) => console.error(line);

interface Subject {
  name: string;
  pid: number;
  url: string;
  otlp: boolean;
  /** Exporting pipelines: their window ends when this sink holds every accepted span. */
  sink?: CountingSink;
  stop(): Promise<unknown>;
}

const bridgeYaml = (sinkUrl: string) => `
receivers:
  datadog:
    endpoint: 127.0.0.1:0
processors:
  batch:${BATCH ? `\n    send_batch_size: ${BATCH}` : ''}
exporters:
  otlp_http:
    endpoint: ${sinkUrl}
    encoding: proto
    compression: gzip
service:
  telemetry:
    logs: { level: info }
    metrics: { address: "127.0.0.1:0" }
  pipelines:
    traces: { receivers: [datadog], processors: [batch], exporters: [otlp_http] }
`;

/** Fresh processes for each mode, so one mode's memory high-water mark does not show in the next. */
async function startSubjects(want: string[], notes: string[]): Promise<Subject[]> {
  const out: Subject[] = [];
  if (want.includes('bridge')) {
    const sink = await CountingSink.start();
    const s = await startSidecar(bridgeYaml(sink.url));
    const stop = async () => {
      await s.stop().finally(() => sink.close());
      for (const f of profiles(s.profileDir)) console.log(`\nCPU profile of the bridge, top self time: ${f}\n\`\`\`\n${topFunctions(f)}\n\`\`\``);
    };
    out.push({ name: 'bridge', pid: s.pid, url: `http://${s.address('datadog')}/v0.4/traces`, otlp: false, sink, stop });
  }
  const ref = findReference();
  if (typeof ref === 'string') notes.push(ref);
  for (const mode of ['pipe-fast', 'pipe-otel'] as const) {
    if (!want.includes(mode) || typeof ref === 'string') continue;
    const p = await startTraceServer(ref, mode);
    out.push({ name: mode, pid: p.pid, url: p.url, otlp: false, stop: () => p.stop() });
  }
  if (want.includes('collector')) {
    const build = ensureCollector(log);
    if (typeof build === 'string') notes.push(build);
    else {
      if (build.note) notes.push(build.note);
      if (build.traces === 'otlp' && typeof ref === 'string') notes.push('Collector: left out, its OTLP load needs the reference pipelines folder');
      else {
        if (build.buildSec > 1) notes.push(`Collector: built in ${fmt(build.buildSec)} s`);
        const sink = await CountingSink.start();
        const c = await startOtelcolTraces(build, sink.url);
        const name = build.traces === 'otlp' ? 'Collector (OTLP in)' : 'Collector';
        out.push({ name, pid: c.pid, url: c.url!, otlp: build.traces === 'otlp', sink, stop: () => c.stop().finally(() => sink.close()) });
      }
    }
  }
  return out;
}

/** Runs the load against one pipeline and measures it until its sink (if any) has every span. */
async function measure(s: Subject, load: Child, rate: number, ms: number, res?: Results): Promise<void> {
  const before = s.sink ? (await s.sink.stats()).items : 0;
  const win = new ProcWindow(s.pid);
  // Open loop: sockets are opened as needed, so a slow answer never holds back the next request.
  const job: LoadJob = { url: s.url, connections: rate ? OPEN_SOCKETS : CONNECTIONS, rate, ms, maxRequests: 10_000_000, otlp: s.otlp };
  const r = await load.ask<LoadResult>('run', { ...job }, ms + DRAIN_MS + 60000);
  const after = s.sink ? (await s.sink.waitFor(before + r.spansOk, DRAIN_MS, 10000)).items : r.spansOk;
  const w = win.stop();
  const bad = r.requests - r.ok;
  if (res) res.add(s.name, { items: r.spansOk, win: w, lat: r.lat, lost: s.sink ? r.spansOk - (after - before) : undefined });
  log(`#   ${s.name}: ${fmt(r.spansOk)} spans in ${fmt(w.wallSec, 1)} s, ${fmt(r.spansOk / w.cpuSec)} per CPU-second${bad ? `, ${fmt(bad)} non-200 ${JSON.stringify(r.statuses)}` : ''}`);
}

async function mode(name: string, subjects: Subject[], load: Child): Promise<Results> {
  const rate = name === 'fixed' ? RATE / SPANS_PER_BODY : 0;
  const res = new Results();
  log(`# ${name}: warm-up ${WARMUP} s each`);
  for (const s of subjects) await measure(s, load, rate, WARMUP * 1000);
  for (let i = 0; i < REPS; i++) {
    log(`# ${name}: repetition ${i + 1} of ${REPS}`);
    for (const s of subjects) await measure(s, load, rate, SECONDS * 1000, res);
  }
  return res;
}

async function main(): Promise<void> {
  pinSelfToLoadCore();
  const notes: string[] = [];
  const ref = findReference();
  const load = await startChild('trace-load-child.ts', { bodies: 16, spans: SPANS_PER_BODY, otlpFrom: typeof ref === 'string' ? undefined : ref.dir });
  const sizes = load.hello.bodyBytes as number[];
  const avg = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  const out: string[] = [];
  let lost = false;
  try {
    for (const m of MODES) {
      if (m !== 'saturation' && m !== 'fixed') throw new Error(`BENCH_MODES: unknown mode "${m}"`);
      const want = m === 'fixed' ? WANT.filter((w) => w === 'bridge' || w === 'collector') : WANT;
      const subjects = await startSubjects(want, notes);
      let res: Results;
      try {
        res = await mode(m, subjects, load);
      } finally {
        for (const s of subjects) await s.stop();
      }
      lost ||= res.lost();
      if (m === 'saturation') {
        out.push(`### Saturation (${CONNECTIONS} connections, closed loop)\n\n${res.table('spans', 'request')}\n`);
        const rows = [
          ...res.ratios('bridge', perCpu, (o) => `bridge / ${o}, spans per CPU-second`),
          ...res.ratios('bridge', rssMedian, (o) => `bridge / ${o}, RSS`),
        ];
        if (rows.length) out.push(`${table(['ratio (per repetition)', 'median (min–max)'], rows)}\n`);
      } else {
        out.push(`### Fixed ${fmt(RATE)} spans/s (open loop)\n\n${res.table('spans', 'request')}\n`);
        const b = res.by.get('bridge');
        const rows = res.ratios('bridge', cpuShare, (o) => `bridge / ${o}, CPU`).concat(res.ratios('bridge', rssMedian, (o) => `bridge / ${o}, RSS`));
        if (b) rows.push(['bridge request p50', spread(b.map((x) => median(x.lat!)), 1, ' ms')]);
        out.push(`${table(['at a steady rate', 'median (min–max)'], rows)}\n`);
      }
    }
  } finally {
    load.proc.kill();
  }
  console.log(`## e2e-traces: the bridge beside its references, same run, same core, same load\n`);
  console.log(`Machine: ${describeMachine()}. Date: ${new Date().toISOString().slice(0, 10)}.`);
  console.log(`Load: 16 distinct v0.4 bodies of ${fmt(avg / 1024, 1)} KiB avg, ${SPANS_PER_BODY} spans (${fmt(avg / SPANS_PER_BODY)} B/span); ` +
    `${WARMUP} s warm-up, ${REPS} × ${SECONDS} s per pipeline; median (min–max) over repetitions.`);
  console.log(`Bridge: datadog → batch (${BATCH ? `send_batch_size ${BATCH}` : 'no keys: its defaults'}) → otlp_http (proto, gzip) → counting sink.`);
  for (const n of new Set(notes)) console.log(`- ${n}`);
  console.log(`\n${out.join('\n')}`);
  if (lost) {
    console.error('spans were lost');
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
