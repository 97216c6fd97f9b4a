/**
 * End-to-end log benchmark through the real CLI: `file_log` (start_at beginning) →
 * `log_pipeline` (builtin:python-ddtrace, UTC) → `batch` → `otlp_http` (protobuf, gzip) → a
 * counting sink that checks every line arrived exactly once (by the sequence number in the
 * message). The sidecar runs pinned to core 0; writer and sink are separate processes on core 1.
 *
 *   npm run build && npx tsx bench/e2e-logs.ts
 *
 * Saturation: a pre-written file of BENCH_LINES ddtrace lines is renamed into the watched
 * directory; timed from the rename until the sink holds every line. Fixed: a paced writer appends
 * BENCH_RATE lines/s, each stamped with its write time; append → sink latency from the stamps.
 * Environment: BENCH_LINES (1000000), BENCH_WRITE_SECONDS (30, bounds the pre-write),
 * BENCH_SECONDS (15), BENCH_WARMUP (3), BENCH_REPS (3), BENCH_RATE (10000), BENCH_BATCH (512),
 * BENCH_LOG_SCRIPT (builtin:python-ddtrace; "none" leaves log_pipeline out),
 * BENCH_MODES (saturation,fixed), BENCH_CPU_PROF=1.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startChild, type Child } from './lib/child';
import { LogLines } from './lib/log-corpus';
import type { WriteJob } from './lib/log-writer-child';
import { affinity, describeMachine } from './lib/machine';
import { ProcWindow, type Window } from './lib/proc';
import { topFunctions } from './lib/profile';
import { pinSelfToLoadCore, profiles, startSidecar, type Sidecar } from './lib/sidecar';
import { CountingSink, type SinkStats } from './lib/sink';
import { envNumber, fmt, max, median, pct, sleep, spread, table } from './lib/stats';

const LINES = Math.floor(envNumber('BENCH_LINES', 1_000_000));
const WRITE_SECONDS = envNumber('BENCH_WRITE_SECONDS', 30);
const SECONDS = envNumber('BENCH_SECONDS', 15);
const WARMUP = envNumber('BENCH_WARMUP', 3);
const REPS = Math.max(1, Math.floor(envNumber('BENCH_REPS', 3)));
const RATE = envNumber('BENCH_RATE', 10000);
const BATCH = envNumber('BENCH_BATCH', 512);
const SCRIPT = process.env.BENCH_LOG_SCRIPT ?? 'builtin:python-ddtrace';
const MODES = (process.env.BENCH_MODES ?? 'saturation,fixed').split(',');
/** Base time of the pre-written lines (their timestamps advance 1 ms per line). */
const EPOCH = Date.UTC(2021, 5, 18, 10, 7, 8, 786);

function yaml(dir: string, sinkUrl: string): string {
  const pipeline = SCRIPT === 'none' ? '' : `
  log_pipeline:
    script: ${JSON.stringify(SCRIPT)}
    timezone: UTC`;
  return `
receivers:
  file_log:
    include: [${JSON.stringify(path.join(dir, '*.log'))}]
    start_at: beginning
processors:${pipeline}
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
    logs:
      receivers: [file_log]
      processors: [${SCRIPT === 'none' ? '' : 'log_pipeline, '}batch]
      exporters: [otlp_http]
`;
}

/** Writes up to `lines` lines (fewer if WRITE_SECONDS runs out); returns lines and bytes written. */
function prewrite(file: string, firstSeq: number, lines: number): { lines: number; bytes: number } {
  const gen = new LogLines(firstSeq + 7);
  const fd = openSync(file, 'w');
  const deadline = Date.now() + WRITE_SECONDS * 1000;
  let n = 0;
  let bytes = 0;
  try {
    while (n < lines && Date.now() < deadline) {
      let chunk = '';
      const end = Math.min(lines, n + 10000);
      for (; n < end; n++) chunk += gen.line(firstSeq + n, EPOCH + firstSeq + n);
      bytes += writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
  return { lines: n, bytes };
}

async function metricsNote(sidecar: Sidecar): Promise<string> {
  const m = (n: string) => sidecar.metric(n);
  return (
    `accepted ${await m('otelcol_receiver_accepted_log_records_total')}, refused ${await m('otelcol_receiver_refused_log_records_total')}, ` +
    `sent ${await m('otelcol_exporter_sent_log_records_total')}, send_failed ${await m('otelcol_exporter_send_failed_log_records_total')}, ` +
    `enqueue_failed ${await m('otelcol_exporter_enqueue_failed_log_records_total')}, script errors ${await m('otelcol_processor_log_pipeline_script_errors_total')}`
  );
}

function printProfiles(sidecar: Sidecar, name: string): void {
  for (const f of profiles(sidecar.profileDir)) console.log(`\nCPU profile of the sidecar (${name}), top self time: ${f}\n\`\`\`\n${topFunctions(f)}\n\`\`\``);
}

function lossCell(expected: number, s: SinkStats): string {
  const lost = expected - s.distinct;
  return `${fmt(lost)} lost, ${fmt(s.duplicates)} duplicated, ${fmt(s.unmarked)} unreadable${lost === 0 && s.duplicates === 0 && s.unmarked === 0 ? ' ✓' : ' ✗'}`;
}

let failed = false;

async function saturation(root: string): Promise<string> {
  const watch = path.join(root, 'sat-watch');
  const stage = path.join(root, 'sat-stage');
  mkdirSync(watch);
  mkdirSync(stage);
  const sink = await CountingSink.start({ maxSeq: LINES * REPS });
  const sidecar = await startSidecar(yaml(watch, sink.url));
  console.error(`# saturation: sidecar pid ${sidecar.pid} on core ${affinity(sidecar.pid)}, this process on ${affinity(process.pid)}`);
  const reps: { lines: number; bytes: number; win: Window; sink: number }[] = [];
  let expected = 0;
  let last: SinkStats | undefined;
  try {
    for (let i = 0; i < REPS; i++) {
      const staged = path.join(stage, `app-${i}.log`);
      const w = prewrite(staged, i * LINES, LINES);
      expected += w.lines;
      const sinkWin = new ProcWindow(sink.pid);
      const win = new ProcWindow(sidecar.pid);
      renameSync(staged, path.join(watch, `app-${i}.log`));
      last = await sink.waitFor(expected, Math.max(120000, (w.lines / 5000) * 1000), 20000);
      reps.push({ ...w, win: win.stop(), sink: sinkWin.stop().cores });
      console.error(`#   rep ${i + 1}: ${fmt(w.lines)} lines (${fmt(w.bytes / 1e6, 1)} MB) written, sink holds ${fmt(last.items)} of ${fmt(expected)} in total`);
    }
    console.error(`#   sidecar metrics: ${await metricsNote(sidecar)}`);
  } finally {
    await sidecar.stop();
    sink.close();
  }
  printProfiles(sidecar, 'saturation');
  const rss = reps.flatMap((r) => r.win.rss);
  const avgLine = reps[0].bytes / reps[0].lines;
  const rows = [
    ['lines per repetition', `${fmt(median(reps.map((r) => r.lines)))} (${fmt(avgLine)} B/line)`],
    ['lines/s (rename → last line at sink)', spread(reps.map((r) => r.lines / r.win.wallSec))],
    ['MB/s of log text', spread(reps.map((r) => r.bytes / 1e6 / r.win.wallSec), 1)],
    ['sidecar CPU, % of one core', spread(reps.map((r) => 100 * r.win.cores), 1, ' %')],
    ['**lines/s per core**', spread(reps.map((r) => r.lines / r.win.cpuSec))],
    ['RSS median / max (1 s samples)', `${fmt(median(rss))} / ${fmt(max(rss))} MiB`],
    ['VmHWM', `${fmt(max(reps.map((r) => r.win.hwm)))} MiB`],
    ['sink CPU, % of core 1', spread(reps.map((r) => 100 * r.sink), 0, ' %')],
    ['loss check (all repetitions)', lossCell(expected, last!)],
  ];
  if (!lossCell(expected, last!).endsWith('✓')) failed = true;
  return table(['saturation (pre-written file)', 'value'], rows);
}

async function fixed(root: string): Promise<string> {
  const dir = path.join(root, 'fixed-watch');
  mkdirSync(dir);
  const file = path.join(dir, 'app.log');
  writeFileSync(file, '');
  const perRep = Math.floor(RATE * SECONDS);
  const warm = Math.floor(RATE * WARMUP);
  const sink = await CountingSink.start({ maxSeq: warm + perRep * REPS, latency: true });
  const writer = await startChild('log-writer-child.ts', {});
  const sidecar = await startSidecar(yaml(dir, sink.url));
  console.error(`# fixed: sidecar pid ${sidecar.pid} on core ${affinity(sidecar.pid)}, this process on ${affinity(process.pid)}`);
  const write = (job: WriteJob) => writer.ask<{ lines: number; bytes: number; wallMs: number }>('write', { ...job }, job.ms + 60000);
  const reps: { win: Window; lines: number; lat: number[]; helpers: number }[] = [];
  let seq = 0;
  let last: SinkStats | undefined;
  try {
    if (warm > 0) {
      seq += (await write({ file, rate: RATE, ms: WARMUP * 1000, firstSeq: seq })).lines;
      await sink.waitFor(seq, 60000, 10000);
      await sink.takeLatencies();
    }
    for (let i = 0; i < REPS; i++) {
      const win = new ProcWindow(sidecar.pid);
      const helpers = [new ProcWindow(writer.proc.pid!), new ProcWindow(sink.pid)];
      const w = await write({ file, rate: RATE, ms: SECONDS * 1000, firstSeq: seq });
      const wWin = win.stop();
      const helperCpu = helpers.map((h) => h.stop().cpuSec).reduce((a, b) => a + b, 0) / wWin.wallSec;
      seq += w.lines;
      last = await sink.waitFor(seq, 60000, 10000);
      await sleep(50);
      reps.push({ win: wWin, lines: w.lines, lat: await sink.takeLatencies(), helpers: helperCpu });
      console.error(`#   rep ${i + 1}: ${fmt(w.lines)} lines written in ${fmt(w.wallMs)} ms, sink holds ${fmt(last.items)} of ${fmt(seq)}`);
    }
    console.error(`#   sidecar metrics: ${await metricsNote(sidecar)}`);
  } finally {
    await sidecar.stop();
    writer.kill();
    sink.close();
  }
  printProfiles(sidecar, 'fixed');
  const rss = reps.flatMap((r) => r.win.rss);
  const rows = [
    ['lines/s written', spread(reps.map((r) => r.lines / r.win.wallSec))],
    ['**sidecar CPU, % of one core**', spread(reps.map((r) => 100 * r.win.cores), 1, ' %')],
    ['RSS median / max (1 s samples)', `${fmt(median(rss))} / ${fmt(max(rss))} MiB`],
    ['VmHWM', `${fmt(max(reps.map((r) => r.win.hwm)))} MiB`],
    ['append → sink p50', spread(reps.map((r) => pct(r.lat, 50)), 0, ' ms')],
    ['**append → sink p99**', spread(reps.map((r) => pct(r.lat, 99)), 0, ' ms')],
    ['append → sink max', spread(reps.map((r) => max(r.lat)), 0, ' ms')],
    ['writer + sink CPU, % of core 1', spread(reps.map((r) => 100 * r.helpers), 0, ' %')],
    ['loss check (all repetitions)', lossCell(seq, last!)],
  ];
  if (!lossCell(seq, last!).endsWith('✓')) failed = true;
  return table([`fixed ${fmt(RATE)} lines/s (paced appends)`, 'value'], rows);
}

async function main(): Promise<void> {
  pinSelfToLoadCore();
  const envs = ['BENCH_LINES', 'BENCH_WRITE_SECONDS', 'BENCH_SECONDS', 'BENCH_WARMUP', 'BENCH_REPS', 'BENCH_RATE', 'BENCH_BATCH', 'BENCH_LOG_SCRIPT', 'BENCH_MODES', 'BENCH_CPU_PROF']
    .filter((k) => process.env[k])
    .map((k) => `${k}=${process.env[k]} `)
    .join('');
  const chain = SCRIPT === 'none' ? 'file_log → batch' : `file_log → log_pipeline (${SCRIPT}) → batch`;
  console.log(`## e2e-logs: ${chain}(${BATCH}, 200ms) → otlp_http (proto, gzip) → counting sink\n`);
  console.log(`Machine: ${describeMachine()}.`);
  console.log(`Command: \`${envs}npx tsx bench/e2e-logs.ts\`.`);
  console.log(`Saturation: ${REPS} pre-written files of up to ${fmt(LINES)} lines; fixed: ${WARMUP} s warm-up, ${REPS} × ${SECONDS} s at ${fmt(RATE)} lines/s; medians (min–max) over repetitions.\n`);
  const root = mkdtempSync(path.join(tmpdir(), 'ddob-e2e-logs-'));
  try {
    for (const m of MODES) {
      if (m === 'saturation') console.log(await saturation(root), '\n');
      else if (m === 'fixed') console.log(await fixed(root), '\n');
      else throw new Error(`BENCH_MODES: unknown mode "${m}"`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  if (failed) {
    console.error('log lines were lost or duplicated');
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
