/**
 * End-to-end trace benchmark through the real CLI: v0.4 msgpack bodies (~100 KB, 200 spans of
 * ~500 bytes) → `datadog` receiver → `batch` → `otlp_http` (protobuf, gzip) → a counting sink.
 * The sidecar runs pinned to core 0; the load generator and sink are separate processes on
 * core 1. Per core = spans ÷ sidecar CPU seconds (procfs, all threads).
 *
 *   npm run build && npx tsx bench/e2e-traces.ts
 *
 * Modes: saturation (closed loop, BENCH_CONNECTIONS connections) and fixed (open loop at
 * BENCH_RATE spans/s). Each repetition is timed from its first request until the sink holds
 * every span accepted with 200, so a queue that grows during the run is paid for, not hidden.
 * Environment: BENCH_SECONDS (15), BENCH_WARMUP (3), BENCH_REPS (3), BENCH_CONNECTIONS (8),
 * BENCH_RATE (10000), BENCH_BATCH (512), BENCH_MODES (saturation,fixed), BENCH_CPU_PROF=1.
 */
import { startChild, type Child } from './lib/child';
import { describeMachine, affinity } from './lib/machine';
import { ProcWindow, type Window } from './lib/proc';
import { topFunctions } from './lib/profile';
import { pinSelfToLoadCore, profiles, startSidecar, type Sidecar } from './lib/sidecar';
import { CountingSink } from './lib/sink';
import { envNumber, fmt, max, median, spread, table } from './lib/stats';
import type { LoadJob, LoadResult } from './lib/trace-load-child';

const SECONDS = envNumber('BENCH_SECONDS', 15);
const WARMUP = envNumber('BENCH_WARMUP', 3);
const REPS = Math.max(1, Math.floor(envNumber('BENCH_REPS', 3)));
const CONNECTIONS = Math.max(1, Math.floor(envNumber('BENCH_CONNECTIONS', 8)));
const RATE = envNumber('BENCH_RATE', 10000);
const BATCH = envNumber('BENCH_BATCH', 512);
const MODES = (process.env.BENCH_MODES ?? 'saturation,fixed').split(',');
const SPANS_PER_BODY = 200;
/** How long the sink may take to receive every accepted span after the load stops. */
const DRAIN_MS = 60000;

function yaml(sinkUrl: string): string {
  return `
receivers:
  datadog:
    endpoint: 127.0.0.1:0
processors:
  batch:
    send_batch_size: ${BATCH}
    timeout: 200ms
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
    traces:
      receivers: [datadog]
      processors: [batch]
      exporters: [otlp_http]
`;
}

interface Rep {
  load: LoadResult;
  win: Window;
  /** CPU of the load generator and sink together (core 1), to show they were not the limit. */
  helpers: number;
  delivered: number;
}

async function runLoad(load: Child, job: LoadJob): Promise<LoadResult> {
  return load.ask<LoadResult>('run', { ...job }, job.ms + DRAIN_MS + 60000);
}

async function mode(name: 'saturation' | 'fixed', sink: CountingSink, load: Child): Promise<string[][]> {
  const sidecar: Sidecar = await startSidecar(yaml(sink.url));
  const url = `http://${sidecar.address('datadog')}/v0.4/traces`;
  const rate = name === 'fixed' ? RATE / SPANS_PER_BODY : 0;
  const job = (ms: number): LoadJob => ({ url, connections: CONNECTIONS, rate, ms, maxRequests: 10_000_000 });
  console.error(`# ${name}: sidecar pid ${sidecar.pid} on core ${affinity(sidecar.pid)}, this process on ${affinity(process.pid)}`);
  const base = (await sink.stats()).items;
  let accepted = 0;
  const reps: Rep[] = [];
  try {
    if (WARMUP > 0) {
      accepted += (await runLoad(load, job(WARMUP * 1000))).spansOk;
      await sink.waitFor(base + accepted, DRAIN_MS, 10000);
    }
    for (let i = 0; i < REPS; i++) {
      const before = (await sink.stats()).items;
      const win = new ProcWindow(sidecar.pid);
      const helpers = [new ProcWindow(load.proc.pid!), new ProcWindow(sink.pid)];
      const r = await runLoad(load, job(SECONDS * 1000));
      accepted += r.spansOk;
      const after = (await sink.waitFor(base + accepted, DRAIN_MS, 10000)).items;
      const w = win.stop();
      const helperCpu = helpers.map((h) => h.stop().cpuSec).reduce((a, b) => a + b, 0);
      reps.push({ load: r, win: w, helpers: helperCpu / w.wallSec, delivered: after - before });
      console.error(`#   rep ${i + 1}: ${fmt(r.spansOk)} spans accepted, ${fmt(after - before)} delivered, p99 ${fmt(r.lat[Math.ceil(0.99 * r.lat.length) - 1], 1)} ms, statuses ${JSON.stringify(r.statuses)}`);
    }
    const m = async (n: string) => sidecar.metric(n);
    console.error(
      `#   sidecar metrics: accepted ${await m('otelcol_receiver_accepted_spans_total')}, refused ${await m('otelcol_receiver_refused_spans_total')}, ` +
        `sent ${await m('otelcol_exporter_sent_spans_total')}, send_failed ${await m('otelcol_exporter_send_failed_spans_total')}, enqueue_failed ${await m('otelcol_exporter_enqueue_failed_spans_total')}`,
    );
  } finally {
    await sidecar.stop();
  }
  for (const f of profiles(sidecar.profileDir)) console.log(`\nCPU profile of the sidecar (${name}), top self time: ${f}\n\`\`\`\n${topFunctions(f)}\n\`\`\``);

  const row = (label: string, pick: (r: Rep) => number, digits = 0, unit = '') => [label, spread(reps.map(pick), digits, unit)];
  const rssAll = reps.flatMap((r) => r.win.rss);
  const lost = reps.reduce((a, r) => a + r.load.spansOk - r.delivered, 0);
  const refused = reps.reduce((a, r) => a + r.load.requests - r.load.ok, 0);
  return [
    row('spans/s (accepted, first request → last span at sink)', (r) => r.load.spansOk / r.win.wallSec),
    row('sidecar CPU, % of one core', (r) => 100 * r.win.cores, 1, ' %'),
    row('**spans/s per core**', (r) => r.load.spansOk / r.win.cpuSec),
    row('requests/s', (r) => r.load.ok / r.win.wallSec),
    row('request p50', (r) => median(r.load.lat), 1, ' ms'),
    row('request p99', (r) => r.load.lat[Math.ceil(0.99 * r.load.lat.length) - 1], 1, ' ms'),
    row('request max', (r) => max(r.load.lat), 1, ' ms'),
    ['RSS median / max (1 s samples)', `${fmt(median(rssAll))} / ${fmt(max(rssAll))} MiB`],
    ['VmHWM', `${fmt(max(reps.map((r) => r.win.hwm)))} MiB`],
    row('drain after load stopped', (r) => r.win.wallSec * 1000 - r.load.wallMs, 0, ' ms'),
    row('load generator + sink CPU, % of core 1', (r) => 100 * r.helpers, 0, ' %'),
    ['lost (accepted − delivered)', `${fmt(lost)} spans${lost === 0 ? ' ✓' : ' ✗'}`],
    ['non-200 answers', fmt(refused)],
  ];
}

async function main(): Promise<void> {
  pinSelfToLoadCore();
  const sink = await CountingSink.start();
  const load = await startChild('trace-load-child.ts', { bodies: 16, spans: SPANS_PER_BODY });
  const sizes = load.hello.bodyBytes as number[];
  const avg = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  const envs = ['BENCH_SECONDS', 'BENCH_WARMUP', 'BENCH_REPS', 'BENCH_CONNECTIONS', 'BENCH_RATE', 'BENCH_BATCH', 'BENCH_MODES', 'BENCH_CPU_PROF']
    .filter((k) => process.env[k])
    .map((k) => `${k}=${process.env[k]} `)
    .join('');
  console.log(`## e2e-traces: datadog → batch(${BATCH}, 200ms) → otlp_http (proto, gzip) → counting sink\n`);
  console.log(`Machine: ${describeMachine()}.`);
  console.log(`Command: \`${envs}npx tsx bench/e2e-traces.ts\`.`);
  console.log(
    `Load: 16 distinct v0.4 bodies of ${fmt(avg / 1024, 1)} KiB avg, ${SPANS_PER_BODY} spans (${fmt(avg / SPANS_PER_BODY)} B/span); ` +
      `${WARMUP} s warm-up, ${REPS} × ${SECONDS} s; medians (min–max) over repetitions.\n`,
  );
  const cols: string[][][] = [];
  const heads: string[] = [];
  try {
    for (const m of MODES) {
      if (m !== 'saturation' && m !== 'fixed') throw new Error(`BENCH_MODES: unknown mode "${m}"`);
      cols.push(await mode(m, sink, load));
      heads.push(m === 'saturation' ? `saturation, ${CONNECTIONS} connections closed loop` : `fixed ${fmt(RATE)} spans/s open loop`);
    }
  } finally {
    load.proc.kill();
    sink.close();
  }
  const rows = cols[0].map((r, i) => [r[0], ...cols.map((c) => c[i][1])]);
  console.log(table(['metric', ...heads], rows));
  const lost = cols.some((c) => !c.find((r) => r[0].startsWith('lost'))![1].endsWith('✓'));
  if (lost) {
    console.error('spans were lost');
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
