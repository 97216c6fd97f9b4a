/**
 * Trace-id recovery in process, every figure a ratio to a reference measured in the same run:
 *   1. log_pipeline throughput with recovery on (every line's 64-bit id completed from the index)
 *      against recovery off (trace_index enabled: false), interleaved runs, median and spread;
 *   2. the index insert per span against the Datadog receiver's own decode + translate per span;
 *   3. the index's structure: a Map keyed by 16-hex text against the table of 32-bit words used;
 *   4. index memory at 10k traces/s (simulated clock), capped by max_traces and uncapped;
 *   5. the waiting room under a flood of lines whose traces never come: heap against its bound.
 * Run: npx tsx bench/correlation.ts   (RUNS=9 for more runs, ONLY=throughput,insert,keys,memory,flood for some)
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { configOf, testSettings } from '../src/component/testing';
import type { Host } from '../src/component/component';
import { defaults } from '../src/config/schema';
import type { LogRecord, Span } from '../src/consumer/consumer';
import { makeLogRecord, makeSpan } from '../src/data/builders';
import { ResourceCache } from '../src/data/resource';
import { Metrics } from '../src/telemetry/metrics';
import { config as indexConfig, type TraceIndexConfig } from '../extensions/trace_index/config';
import { TraceIndex } from '../extensions/trace_index/extension';
import { RecentTraces } from '../extensions/trace_index/recent';
import { factory } from '../processors/log_pipeline/factory';
import { decodeTraces } from '../receivers/datadog/decode';
import { translatePayload } from '../receivers/datadog/translate';
import { makeBody } from './datadog-corpus';
import { pythonTime } from './lib/log-corpus';
import { envNumber, fmt, spread, table } from './lib/stats';
import { rng } from './lib/trace-corpus';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** JS heap, plus ArrayBuffer memory (the index's typed arrays live outside the heap) if asked, after GC. */
const heap = (buffers = false) => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + (buffers ? m.arrayBuffers : 0);
};
const MIB = 1024 * 1024;

const RUNS = envNumber('RUNS', 7);
/** CPU time of this process in ms: on a shared machine, far steadier than wall time. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const N = 100_000;
const resources = new ResourceCache();
const r = rng(7);
const u32 = () => Math.floor(r() * 2 ** 32);
const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/**
 * N lines with random 64-bit ids, and the 128-bit traces they belong to (5 spans each). As Datadog
 * tracers make them, the high half is the trace's start second and 32 zero bits: a minute of traces.
 */
const now = Date.now();
const ids = Array.from({ length: N }, (_, i) => ({ high: hex8(Math.floor(now / 1000) - 60 + Math.floor((i * 60) / N)) + '00000000', low: hex8(u32()) + hex8(u32()), span: hex8(u32()) + hex8(u32()) }));
/** Lines of `perTrace` consecutive lines per trace (a request usually logs several). */
const linesOf = (perTrace: number) => ids.map((_, i) => {
  const id = ids[Math.floor(i / perTrace)];
  return `${pythonTime(now)} INFO [__main__] [lt.py:26] [dd.service=Python-App dd.env=Testing dd.version=V1.1 dd.trace_id=${BigInt('0x' + id.low)} dd.span_id=${BigInt('0x' + id.span)}] - Hello, World! ${i}`;
});
const recordsOf = (ls: string[]) => ls.map((body) => makeLogRecord({ timeNs: BigInt(now) * 1_000_000n, observedNs: 1n, body, resource: resources.get({ 'host.name': 'bench' }), attributes: { 'log.file.name': 'app.log' } }));
const lines = linesOf(1);
const records = recordsOf(lines);
const traceResource = resources.get({ 'service.name': 'Python-App' });
const spans: Span[] = ids.flatMap((id) =>
  Array.from({ length: 5 }, (_, k) => makeSpan({ traceId: id.high + id.low, spanId: k === 0 ? id.span : hex8(u32()) + hex8(u32()), name: 'op', startNs: 1n, endNs: 2n, resource: traceResource })),
);

async function pipelineWith(cfg: Partial<TraceIndexConfig>, input: LogRecord[]) {
  const metrics = new Metrics();
  const index = new TraceIndex(testSettings('trace_index', 'extension', metrics), { ...defaults(indexConfig), max_traces: 2 * N, ...cfg });
  const host: Host = { getExtension: (id) => (id === 'trace_index' ? index : undefined) };
  await index.start(host);
  let out = 0;
  let recovered = 0;
  const p = factory.create({ ...testSettings('log_pipeline', 'processor', metrics), pipeline: 'logs' }, configOf(factory, { script: 'builtin:python-ddtrace', timezone: 'UTC' }), {
    consume: async (b: LogRecord[]) => {
      out += b.length;
      for (const x of b) if (!x.spanContext!.traceId.startsWith("0000000000000000")) recovered++;
    },
  }, 'logs');
  await p.start(host);
  for (let i = 0; i < spans.length; i += 200) index.feed(spans.slice(i, i + 200));
  return {
    async run(): Promise<number> {
      out = 0;
      recovered = 0;
      const t = cpuMs();
      for (let i = 0; i < N; i += 512) await p.consume(input.slice(i, i + 512));
      const ms = cpuMs() - t;
      if (out !== N) throw new Error(`lost records: ${out} of ${N}`);
      if (cfg.enabled !== false && recovered !== N) throw new Error(`recovered ${recovered} of ${N}`);
      return (N / ms) * 1000;
    },
    async stop() {
      await p.shutdown();
      await index.shutdown();
    },
  };
}

async function throughput(): Promise<string> {
  const rows: string[][] = [];
  for (const perTrace of [1, 4]) {
    const input = perTrace === 1 ? records : recordsOf(linesOf(perTrace));
    const on = await pipelineWith({}, input);
    const off = await pipelineWith({ enabled: false }, input);
    await on.run();
    await off.run();
    const onRates: number[] = [];
    const offRates: number[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Alternate the order so drift in machine load falls on both sides.
      const [a, b] = i % 2 ? [await on.run(), await off.run()] : [await off.run(), await on.run()].reverse();
      onRates.push(a);
      offRates.push(b);
      ratios.push(a / b);
    }
    await on.stop();
    await off.stop();
    const what = perTrace === 1 ? 'each line its own trace' : `${perTrace} lines per trace`;
    rows.push(
      [`${what}: recovery off (trace_index enabled: false)`, spread(offRates)],
      [`${what}: recovery on, every line completed from the index`, spread(onRates)],
      [`${what}: on ÷ off`, spread(ratios.map((x) => x * 100), 1, ' %')],
    );
  }
  return table(['log_pipeline, python-ddtrace, 100k lines', `lines per CPU-second (median of ${RUNS}, min–max)`], rows);
}

function insertCost(): string {
  const bodies = Array.from({ length: 256 }, (_, i) => makeBody(2000 + i));
  const cache = new ResourceCache();
  const origin = { language: 'nodejs', tracerVersion: '5.0.0' };
  const batches = bodies.map((b) => translatePayload(decodeTraces('v0.4', 'msgpack', b), origin, cache).spans);
  const count = batches.reduce((n, b) => n + b.length, 0);
  const perSpan = (fn: () => void) => {
    const t = cpuMs();
    fn();
    return ((cpuMs() - t) * 1e6) / count;
  };
  const recv: number[] = [];
  const feed: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const rx = perSpan(() => {
      for (const b of bodies) translatePayload(decodeTraces('v0.4', 'msgpack', b), origin, cache);
    });
    // A fresh index each run: every trace id is new to it, as live traffic's are.
    const ix = new TraceIndex(testSettings('trace_index', 'extension'), defaults(indexConfig));
    const fd = perSpan(() => {
      for (const b of batches) ix.feed(b);
    });
    if (run === 0) continue; // warm-up
    recv.push(rx);
    feed.push(fd);
  }
  return table([`per span (${fmt(count)} spans in 200-span v0.4 bodies, 10 per trace)`, `CPU ns (median of ${RUNS}, min–max)`], [
    ['datadog receiver: decode + translate', spread(recv)],
    ['trace_index insert (feed)', spread(feed)],
    ['insert ÷ receiver', spread(recv.map((x, i) => (feed[i] / x) * 100), 1, ' %')],
  ]);
}

/**
 * The index's structure: a Map keyed by the low half's 16-hex text (its key must be flattened and
 * hashed per log line) against the table of 32-bit words used (hash two numbers, probe typed arrays).
 * 100k traces; keys made as the log side makes them, fresh per line.
 */
function keys(): string {
  const n = 100_000;
  const words = Array.from({ length: n }, () => [u32(), u32()]);
  const byText = new Map<string, string>();
  const index = new RecentTraces(n, 3_600_000, 0);
  for (const [h, l] of words) {
    const full = '6740b4f400000000' + hex8(h) + hex8(l);
    byText.set(full.slice(16), full);
    index.add(full);
  }
  const order = Array.from({ length: 4 * n }, (_, i) => (i * 7919) % n);
  const text: number[] = [];
  const typed: number[] = [];
  let hits = 0;
  for (let run = 0; run <= RUNS; run++) {
    // The log side's low half: two 8-digit halves joined, as ids.ts builds it.
    const probes = order.map((i) => hex8(words[i][0]) + hex8(words[i][1]));
    let t = cpuMs();
    for (const p of probes) if (byText.get(p) !== undefined) hits++;
    const a = ((cpuMs() - t) * 1e6) / probes.length;
    t = cpuMs();
    for (const i of order) if (index.lookup(words[i][0], words[i][1]) >= 0) hits++;
    const b = ((cpuMs() - t) * 1e6) / order.length;
    if (run === 0) continue;
    text.push(a);
    typed.push(b);
  }
  if (hits === 0) throw new Error('no hits');
  return table(['lookup in a 100k-trace index, per log record', `CPU ns (median of ${RUNS}, min–max)`], [
    ['Map keyed by the 16-hex text', spread(text)],
    ['table of 32-bit words (used)', spread(typed)],
    ['table ÷ Map', spread(typed.map((x, i) => (x / text[i]) * 100), 1, ' %')],
  ]);
}

function memory(): string {
  const rows: string[][] = [];
  const rate = 10_000;
  for (const [label, max] of [['default max_traces 100000', 100_000], ['uncapped (10k/s × ttl 1m, two generations)', 10_000_000]] as const) {
    const base = heap(true);
    const idx = new RecentTraces(max, 60_000, 0);
    let t = 0;
    // 150 simulated seconds at 10k new traces a second, each trace id as a receiver builds it.
    for (let s = 0; s < 150; s++) {
      t = s * 1000;
      idx.tick(t);
      for (let k = 0; k < rate; k++) idx.add(hex8(u32()) + '00000000' + hex8(u32()) + hex8(u32()));
    }
    const bytes = heap(true) - base;
    rows.push([label, fmt(idx.size), fmt(bytes / MIB, 1), fmt(bytes / idx.size), fmt(idx.bytes / MIB, 1)]);
  }
  return table(['index at 10k traces/s, 150 s', 'traces held', 'memory MiB (heap + buffers)', 'bytes per trace', 'of which the table MiB'], rows);
}

async function flood(): Promise<string> {
  const cfg = defaults(indexConfig);
  const index = new TraceIndex(testSettings('trace_index', 'extension'), { ...cfg, wait: 60_000 });
  const host: Host = { getExtension: (id) => (id === 'trace_index' ? index : undefined) };
  await index.start(host);
  const p = factory.create({ ...testSettings('log_pipeline', 'processor'), pipeline: 'logs' }, configOf(factory, { script: 'builtin:python-ddtrace', timezone: 'UTC' }), { consume: async () => {} }, 'logs');
  await p.start(host);
  index.feed([spans[0]]); // the service is traced: its lines wait
  let peakRoom = 0;
  const pending: Promise<void>[] = [];
  // Fresh lines written now (as a file read gives them), 10 × the room's record bound.
  const at = pythonTime(Date.now());
  for (let i = 0; i < 10 * cfg.max_waiting_records; i += 512) {
    const batch = lines.slice(i % N, (i % N) + 512).map((line, j) => {
      const body = at + line.slice(at.length) + ' ' + (i + j);
      return makeLogRecord({ timeNs: BigInt(Date.now()) * 1_000_000n, observedNs: 1n, body, resource: records[0].resource, attributes: { 'log.file.name': 'app.log' } });
    });
    pending.push(p.consume(batch));
    peakRoom = Math.max(peakRoom, index.room.size);
  }
  const full = heap();
  const estimate = index.room.bytes;
  const size = index.room.size;
  await p.shutdown();
  await Promise.all(pending);
  await index.shutdown();
  // What the full room held: the heap with it full against the heap once it let everything go.
  const held = full - heap();
  return table(['flood: 200k lines, traces never come (defaults: 20000 records, 32 MiB)', 'value'], [
    ['records waiting at most', fmt(peakRoom)],
    ['heap held by the full room (after GC)', `${fmt(held / MIB, 1)} MiB (${fmt(held / size)} B per record)`],
    ['the room\'s own estimate', `${fmt(estimate / MIB, 1)} MiB (${fmt(estimate / size)} B per record)`],
  ]);
}

const SECTIONS: Record<string, () => string | Promise<string>> = { throughput, insert: insertCost, keys, memory, flood };

async function main() {
  // ONLY=throughput,flood runs some sections.
  const only = process.env.ONLY?.split(',') ?? Object.keys(SECTIONS);
  console.log(`Node ${process.version}; ${RUNS} runs; ${N} lines`);
  for (const name of only) {
    if (!SECTIONS[name]) throw new Error(`ONLY: unknown section "${name}" (have: ${Object.keys(SECTIONS).join(', ')})`);
    console.log('\n' + (await SECTIONS[name]()));
  }
}
void main();
