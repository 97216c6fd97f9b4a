/**
 * Where the bridge's CPU per span goes, beside pipe-fast on the same load: both run pinned to core 0
 * under the V8 CPU profiler and the sampling heap profiler (freed objects included), one after the
 * other, with the same closed-loop load on core 1. Prints per-span CPU by stage (decode, translate,
 * batch, encode, gzip, HTTP, GC, ...), allocated bytes per span by stage, GC counts, and each one's
 * top functions. The profilers cost a few per cent; compare the two columns, not the absolutes.
 *
 *   npm run build && npx tsx bench/profile-traces.ts
 *
 * Environment: BENCH_SECONDS (20), BENCH_WARMUP (3), BENCH_CONNECTIONS (8), BENCH_BATCH (unset:
 * `batch:` with no keys). Needs the reference pipelines (../shared/perf/reference or BENCH_REFERENCE_DIR).
 */
import { readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { startChild, type Child } from './lib/child';
import { describeMachine } from './lib/machine';
import { cpuSeconds } from './lib/proc';
import { findReference, startTraceServer } from './lib/reference';
import { pinSelfToLoadCore, startSidecar } from './lib/sidecar';
import { CountingSink } from './lib/sink';
import { allocByStage, cpuByStage } from './lib/stages';
import { envNumber, fmt, table } from './lib/stats';
import { otlpFromReference } from './lib/reference-otlp';
import { traceBody } from './lib/trace-corpus';
import type { LoadResult } from './lib/trace-load-child';

const SECONDS = envNumber('BENCH_SECONDS', 20);
const WARMUP = envNumber('BENCH_WARMUP', 3);
const CONNECTIONS = Math.max(1, Math.floor(envNumber('BENCH_CONNECTIONS', 8)));
const BATCH = process.env.BENCH_BATCH ? envNumber('BENCH_BATCH', 8192) : undefined;
const PRELOAD = path.join(__dirname, 'lib/cpu-prof-preload.js');

interface Run {
  spans: number;
  /** One OTLP body it makes (uncompressed), and its output bytes per span before and after gzip. */
  body: Buffer;
  raw: number;
  gz: number;
  /** CPU seconds of the whole process and of its main (JavaScript) thread over the measured load. */
  cpu: number;
  main: number;
  dir: string;
}

/** CPU seconds of the process's main thread (its task id is the pid). */
const mainThreadCpu = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
  const r = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(r[11]) + Number(r[12])) / 100;
};

async function drive(load: Child, pid: number, url: string, sink?: CountingSink): Promise<Pick<Run, 'spans' | 'cpu' | 'main'>> {
  const job = (s: number) => ({ url, connections: CONNECTIONS, rate: 0, ms: s * 1000, maxRequests: 10_000_000 });
  await load.ask<LoadResult>('run', job(WARMUP));
  process.kill(pid, 'SIGUSR2'); // the profilers start now
  const c0 = cpuSeconds(pid);
  const m0 = mainThreadCpu(pid);
  const base = sink ? (await sink.stats()).items : 0;
  const r = await load.ask<LoadResult>('run', job(SECONDS));
  if (sink) await sink.waitFor(base + r.spansOk, 60000, 10000);
  return { spans: r.spansOk, cpu: cpuSeconds(pid) - c0, main: mainThreadCpu(pid) - m0 };
}

async function main(): Promise<void> {
  pinSelfToLoadCore();
  const ref = findReference();
  if (typeof ref === 'string') throw new Error(ref);
  const load = await startChild('trace-load-child.ts', { bodies: 16, spans: 200 });
  const runs: Record<string, Run> = {};
  const env = (dir: string) => ({ NODE_OPTIONS: `--require ${PRELOAD}`, BENCH_CPU_PROF_DIR: dir, BENCH_ALLOC_PROF: '1', BENCH_PROF_ON_SIGNAL: '1' });

  const bdir = mkdtempSync(path.join(tmpdir(), 'ddob-prof-bridge-'));
  const sink = await CountingSink.start();
  Object.assign(process.env, env(bdir));
  const batch = BATCH ? `\n    send_batch_size: ${BATCH}` : '';
  const bridge = await startSidecar(`
receivers: { datadog: { endpoint: "127.0.0.1:0" } }
processors:
  batch:${batch}
exporters: { otlp_http: { endpoint: "${sink.url}", encoding: proto, compression: gzip } }
service:
  telemetry: { logs: { level: info }, metrics: { address: "127.0.0.1:0" } }
  pipelines: { traces: { receivers: [datadog], processors: [batch], exporters: [otlp_http] } }
`);
  for (const k of Object.keys(env(bdir))) delete process.env[k];
  const b = await drive(load, bridge.pid, `http://${bridge.address('datadog')}/v0.4/traces`, sink);
  const st = await sink.stats();
  runs.bridge = { ...b, dir: bdir, body: await sink.lastBody(), raw: st.bytesRaw / st.items, gz: st.bytesIn / st.items };
  await bridge.stop();
  sink.close();

  const fdir = mkdtempSync(path.join(tmpdir(), 'ddob-prof-fast-'));
  const fast = await startTraceServer(ref, 'pipe-fast', env(fdir));
  const f = await drive(load, fast.pid, fast.url);
  const outs = otlpFromReference(ref.dir, Array.from({ length: 16 }, (_, i) => traceBody(1000 + i, 200)));
  const rawBytes = outs.reduce((a, o) => a + o.length, 0);
  const gzBytes = outs.reduce((a, o) => a + gzipSync(o, { level: 1 }).length, 0);
  runs['pipe-fast'] = { ...f, dir: fdir, body: outs[0], raw: rawBytes / (16 * 200), gz: gzBytes / (16 * 200) };
  await fast.stop();
  load.kill();
  report(runs);
}

/** CPU ns per input byte of gzip level 1 on `body`, best of five half-second runs (on core 1). */
function gzipNsPerByte(body: Buffer): number {
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    let n = 0;
    const c0 = process.cpuUsage();
    while (Number(process.hrtime.bigint() - t0) < 5e8) {
      gzipSync(body, { level: 1 });
      n++;
    }
    const c = process.cpuUsage(c0);
    best = Math.min(best, ((c.user + c.system) * 1000) / (n * body.length));
  }
  return best;
}

function report(runs: Record<string, Run>): void {
  const names = Object.keys(runs);
  const files = (r: Run, ext: string) => readdirSync(r.dir).filter((f) => f.endsWith(ext)).map((f) => path.join(r.dir, f));
  const cpu = names.map((n) => cpuByStage(files(runs[n], '.cpuprofile')[0]));
  const alloc = names.map((n) => allocByStage(files(runs[n], '.heapprofile')[0]));
  const gc = names.map((n) => JSON.parse(readFileSync(files(runs[n], '.gc.json')[0], 'utf8')) as Record<string, number>);
  const us = (i: number, samples: number) => (1e6 * runs[names[i]].main * samples) / cpu[i].total / runs[names[i]].spans;
  console.log(`## profile-traces: the bridge and pipe-fast on the same load\n`);
  console.log(`Machine: ${describeMachine()}. Date: ${new Date().toISOString().slice(0, 10)}. ${CONNECTIONS} connections closed loop, ${SECONDS} s each after ${WARMUP} s warm-up, both profiled.\n`);
  const stages = [...new Set(cpu.flatMap((c) => [...c.stages.keys()]))].sort((a, b) => (cpu[0].stages.get(b) ?? 0) - (cpu[0].stages.get(a) ?? 0));
  const rows = stages.map((s) => [s, ...cpu.flatMap((c, i) => [fmt(us(i, c.stages.get(s) ?? 0), 2), `${fmt((100 * (c.stages.get(s) ?? 0)) / c.total, 1)} %`])]);
  rows.push(['**main thread, all stages**', ...names.flatMap((n) => [fmt((1e6 * runs[n].main) / runs[n].spans, 2), '100 %'])]);
  rows.push(['other threads (libuv pool gzip, GC helpers, JIT)', ...names.flatMap((n) => [fmt((1e6 * (runs[n].cpu - runs[n].main)) / runs[n].spans, 2), ''])]);
  rows.push(['**whole process**', ...names.flatMap((n) => [fmt((1e6 * runs[n].cpu) / runs[n].spans, 2), ''])]);
  rows.push(['spans measured; spans per CPU-second', ...names.flatMap((n) => [fmt(runs[n].spans), fmt(runs[n].spans / runs[n].cpu)])]);
  console.log(table(['stage (self time)', ...names.flatMap((n) => [`${n} µs/span`, `${n} share`])], rows), '\n');
  const ns = names.map((n) => gzipNsPerByte(runs[n].body));
  const orows = [
    ['OTLP bytes per span, raw → gzip level 1', ...names.map((n) => `${fmt(runs[n].raw)} → ${fmt(runs[n].gz)}`)],
    ['gzip level 1 CPU, ns per raw byte (timed apart on core 1)', ...ns.map((x) => fmt(x, 2))],
    ['⇒ gzip CPU per span, wherever it runs', ...names.map((n, i) => `${fmt((ns[i] * runs[n].raw) / 1000, 2)} µs`)],
    ['export body size (one sample)', ...names.map((n) => `${fmt(runs[n].body.length / 1024)} KiB`)],
  ];
  console.log(table(['output', ...names], orows), '\n');
  const aStages = [...new Set(alloc.flatMap((a) => [...a.keys()]))].sort((a, b) => (alloc[0].get(b) ?? 0) - (alloc[0].get(a) ?? 0));
  const totalOf = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const seen = names.map((n) => runs[n].spans);
  const arows = aStages.map((s) => [s, ...alloc.map((a, i) => fmt((a.get(s) ?? 0) / seen[i]))]);
  arows.push(['**total bytes allocated per span**', ...alloc.map((a, i) => fmt(totalOf(a) / seen[i]))]);
  arows.push(['GCs per 1000 spans: minor / major (incremental)', ...gc.map((g, i) => `${fmt((1000 * g.minor) / seen[i], 2)} / ${fmt((1000 * g.major) / seen[i], 3)} (${fmt((1000 * g.incremental) / seen[i], 3)})`)]);
  arows.push(['GC pause per span', ...gc.map((g, i) => `${fmt((1000 * g.ms) / seen[i], 2)} µs`)]);
  console.log(table(['allocation by stage (sampled, ≈ bytes/span)', ...names], arows), '\n');
  names.forEach((n, i) => {
    const top = [...cpu[i].functions].sort((a, b) => b[1] - a[1]).slice(0, 25);
    console.log(`### ${n}: top self time\n\n${table(['share', 'µs/span', 'stage', 'function'], top.map(([k, c]) => [`${fmt((100 * c) / cpu[i].total, 1)} %`, fmt(us(i, c), 2), ...k.split('\t')]))}\n`);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
