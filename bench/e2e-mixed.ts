/**
 * Mixed load through the real CLI: traces (v0.4 bodies, open loop at BENCH_SPANS spans/s) and
 * ddtrace log lines (paced appends at BENCH_LINES_RATE lines/s) into one sidecar with both
 * pipelines (datadog → batch → otlp_http; file_log → log_pipeline → batch → otlp_http), each
 * signal to its own counting sink. Sidecar pinned to core 0; generators and sinks on core 1.
 *
 *   npm run build && npx tsx bench/e2e-mixed.ts
 *
 * Environment: BENCH_SPANS (50000), BENCH_LINES_RATE (50000), BENCH_SECONDS (15),
 * BENCH_WARMUP (3), BENCH_BATCH (512), BENCH_CPU_PROF=1.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startChild } from './lib/child';
import { affinity, describeMachine } from './lib/machine';
import { ProcWindow } from './lib/proc';
import { topFunctions } from './lib/profile';
import { pinSelfToLoadCore, profiles, startSidecar } from './lib/sidecar';
import { CountingSink } from './lib/sink';
import { envNumber, fmt, max, median, pct, sleep, table } from './lib/stats';
import type { LoadJob, LoadResult } from './lib/trace-load-child';
import type { WriteJob } from './lib/log-writer-child';

const SPANS = envNumber('BENCH_SPANS', 50000);
const LINES = envNumber('BENCH_LINES_RATE', 50000);
const SECONDS = envNumber('BENCH_SECONDS', process.env.BENCH_QUICK === '1' ? 5 : 15);
const WARMUP = envNumber('BENCH_WARMUP', 3);
const BATCH = envNumber('BENCH_BATCH', 512);
const SPANS_PER_BODY = 200;

async function main(): Promise<void> {
  pinSelfToLoadCore();
  const envs = ['BENCH_SPANS', 'BENCH_LINES_RATE', 'BENCH_SECONDS', 'BENCH_WARMUP', 'BENCH_BATCH', 'BENCH_CPU_PROF']
    .filter((k) => process.env[k])
    .map((k) => `${k}=${process.env[k]} `)
    .join('');
  console.log(`## e2e-mixed: ${fmt(SPANS)} spans/s + ${fmt(LINES)} lines/s into one sidecar\n`);
  console.log(`Machine: ${describeMachine()}.`);
  console.log(`Command: \`${envs}npx tsx bench/e2e-mixed.ts\`. ${WARMUP} s warm-up at the same rates, then ${SECONDS} s measured.\n`);
  const dir = mkdtempSync(path.join(tmpdir(), 'ddob-e2e-mixed-'));
  const file = path.join(dir, 'app.log');
  writeFileSync(file, '');
  const warmLines = Math.floor(LINES * WARMUP);
  const lines = Math.floor(LINES * SECONDS);
  const traceSink = await CountingSink.start();
  const logSink = await CountingSink.start({ maxSeq: warmLines + lines, latency: true });
  const load = await startChild('trace-load-child.ts', { bodies: 16, spans: SPANS_PER_BODY });
  const writer = await startChild('log-writer-child.ts', {});
  const sidecar = await startSidecar(`
receivers:
  datadog:
    endpoint: 127.0.0.1:0
  file_log:
    include: [${JSON.stringify(path.join(dir, '*.log'))}]
    start_at: beginning
processors:
  log_pipeline:
    script: builtin:python-ddtrace
    timezone: UTC
  batch:
    send_batch_size: ${BATCH}
    timeout: 200ms
exporters:
  otlp_http:
    traces_endpoint: ${traceSink.url}/v1/traces
    logs_endpoint: ${logSink.url}/v1/logs
service:
  telemetry:
    metrics: { address: "127.0.0.1:0" }
  pipelines:
    traces:
      receivers: [datadog]
      processors: [batch]
      exporters: [otlp_http]
    logs:
      receivers: [file_log]
      processors: [log_pipeline, batch]
      exporters: [otlp_http]
`);
  console.error(`# sidecar pid ${sidecar.pid} on core ${affinity(sidecar.pid)}, this process on ${affinity(process.pid)}`);
  const url = `http://${sidecar.address('datadog')}/v0.4/traces`;
  const traces = (ms: number) => load.ask<LoadResult>('run', { url, connections: 32, rate: SPANS / SPANS_PER_BODY, ms, maxRequests: 10_000_000 } satisfies LoadJob, ms + 120000);
  const logs = (ms: number, firstSeq: number) => writer.ask<{ lines: number; wallMs: number }>('write', { file, rate: LINES, ms, firstSeq } satisfies WriteJob, ms + 120000);
  let rows: string[][];
  try {
    let accepted = 0;
    if (WARMUP > 0) {
      const [t] = await Promise.all([traces(WARMUP * 1000), logs(WARMUP * 1000, 0)]);
      accepted += t.spansOk;
      await Promise.all([traceSink.waitFor(accepted, 120000, 15000), logSink.waitFor(warmLines, 120000, 15000)]);
      await logSink.takeLatencies();
    }
    const win = new ProcWindow(sidecar.pid);
    const [t, l] = await Promise.all([traces(SECONDS * 1000), logs(SECONDS * 1000, warmLines)]);
    const loadWin = win.stop();
    accepted += t.spansOk;
    const drain = new ProcWindow(sidecar.pid);
    const [ts, ls] = await Promise.all([traceSink.waitFor(accepted, 300000, 20000), logSink.waitFor(warmLines + l.lines, 300000, 20000)]);
    const drainWin = drain.stop();
    await sleep(50);
    const lat = await logSink.takeLatencies();
    const rss = [...loadWin.rss, ...drainWin.rss];
    const spanLoss = accepted - ts.items;
    const lineLoss = warmLines + l.lines - ls.distinct;
    rows = [
      // Rates over each generator's own span: the trace run ends only when its last queued request is answered.
      ['spans/s offered / accepted with 200', `${fmt(SPANS)} / ${fmt(t.spansOk / (t.wallMs / 1000))} (${fmt(t.requests - t.ok)} non-200)`],
      ['lines/s appended', fmt(l.lines / (l.wallMs / 1000))],
      ['load window (until the last request was answered)', `${fmt(loadWin.wallSec, 1)} s`],
      ['sidecar CPU, % of one core (load window)', `${fmt(100 * loadWin.cores, 1)} %`],
      ['backlog drain after the load stopped', `${fmt(drainWin.wallSec, 1)} s at ${fmt(100 * drainWin.cores)} % CPU`],
      ['request p50 / p99 / max', `${fmt(median(t.lat), 1)} / ${fmt(pct(t.lat, 99), 1)} / ${fmt(max(t.lat), 1)} ms`],
      ['append → sink p50 / p99 / max', `${fmt(pct(lat, 50))} / ${fmt(pct(lat, 99))} / ${fmt(max(lat))} ms`],
      ['RSS median / max (1 s samples), VmHWM', `${fmt(median(rss))} / ${fmt(max(rss))} MiB, ${fmt(drainWin.hwm)} MiB`],
      ['loss', `${fmt(spanLoss)} spans, ${fmt(lineLoss)} lines, ${fmt(ls.duplicates)} duplicated lines${spanLoss === 0 && lineLoss === 0 && ls.duplicates === 0 ? ' ✓' : ' ✗'}`],
    ];
    if (!rows[rows.length - 1][1].endsWith('✓')) process.exitCode = 1;
  } finally {
    await sidecar.stop();
    load.kill();
    writer.kill();
    traceSink.close();
    logSink.close();
    rmSync(dir, { recursive: true, force: true });
  }
  for (const f of profiles(sidecar.profileDir)) console.log(`\nCPU profile of the sidecar, top self time: ${f}\n\`\`\`\n${topFunctions(f)}\n\`\`\``);
  console.log(table(['mixed', 'value'], rows));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
