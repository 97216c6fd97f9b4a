/**
 * Datadog intake throughput: v0.4 msgpack bodies of ~100 KB (200 spans of ~500 bytes) over
 * loopback into the `datadog` receiver → decode → translate → a consumer that serializes each
 * batch with the OTel protobuf serializer (standing in for the OTLP export).
 *
 * The load generator runs in a child process (pinned to another core when `taskset` exists), so
 * the CPU time measured with process.cpuUsage is the receiver's alone.
 *
 *   npx tsx bench/datadog.ts [--seconds 10] [--connections 8]
 *
 * Scenarios: saturation (closed loop, N connections) and a fixed 10k spans/s (open loop).
 */
import { fork, spawnSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { NO_HOST, testSettings } from '../src/component/testing';
import type { Consumer, Span } from '../src/consumer/consumer';
import { defaults } from '../src/config/schema';
import { config } from '../receivers/datadog/config';
import { factory } from '../receivers/datadog/factory';
import type { DatadogReceiver } from '../receivers/datadog/receiver';
import { makeBody } from './datadog-corpus';

const args = process.argv.slice(2);
const opt = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};

// ---------------------------------------------------------------------------------------------
// Client mode: sends bodies and reports latencies back over IPC.

interface ClientJob {
  url: string;
  bodies: string[];
  connections: number;
  /** Open loop at this many requests/s, or closed loop when 0. */
  rate: number;
  ms: number;
}

async function client(job: ClientJob): Promise<void> {
  const bodies = job.bodies.map((b) => Buffer.from(b, 'base64'));
  const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
  const lat: number[] = [];
  let errors = 0;
  let n = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const body = bodies[n++ % bodies.length];
      const t0 = process.hrtime.bigint();
      const req = request(job.url, { method: 'PUT', agent, headers: { 'Content-Type': 'application/msgpack', 'Content-Length': body.length, 'Datadog-Meta-Lang': 'nodejs', 'X-Datadog-Trace-Count': '20' } }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) errors++;
          lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  const deadline = Date.now() + job.ms;
  if (job.rate === 0) {
    await Promise.all(
      Array.from({ length: job.connections }, async () => {
        while (Date.now() < deadline) await one();
      }),
    );
  } else {
    const pending: Promise<void>[] = [];
    const t0 = Date.now();
    for (let i = 0; Date.now() < deadline; i++) {
      const due = t0 + (i * 1000) / job.rate;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pending.push(one());
    }
    await Promise.all(pending);
  }
  agent.destroy();
  process.send!({ lat, errors, requests: lat.length });
}

// ---------------------------------------------------------------------------------------------
// Server mode.

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

class SerializingConsumer implements Consumer<Span> {
  spans = 0;
  bytes = 0;
  async consume(batch: Span[]): Promise<void> {
    const out = ProtobufTraceSerializer.serializeRequest(batch);
    this.bytes += out?.length ?? 0;
    this.spans += batch.length;
  }
}

const pinned = (() => {
  if (process.env.DD_BENCH_NO_PIN) return false;
  const r = spawnSync('taskset', ['-pc', '0', String(process.pid)], { stdio: 'ignore' });
  return r.status === 0;
})();

function runClient(job: ClientJob): Promise<{ lat: number[]; errors: number; requests: number }> {
  const child = fork(__filename, ['--client'], {
    execArgv: __filename.endsWith('.ts') ? ['--require', 'tsx/cjs'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (pinned) spawnSync('taskset', ['-pc', '1', String(child.pid)], { stdio: 'ignore' });
  child.send(job);
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as { lat: number[]; errors: number; requests: number }));
    child.once('exit', (code) => code !== 0 && reject(new Error(`client exited with ${code}`)));
  });
}

async function scenario(name: string, rx: { url: string; sink: SerializingConsumer }, bodies: string[], spansPerBody: number, connections: number, rate: number, seconds: number) {
  // Warm-up so JIT and pools settle before the measured window.
  await runClient({ url: rx.url, bodies, connections, rate: rate || 0, ms: 2000 });
  const spans0 = rx.sink.spans;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 500);
  const res = await runClient({ url: rx.url, bodies, connections, rate, ms: seconds * 1000 });
  clearInterval(sampler);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cores = (cpu.user + cpu.system) / 1e6 / wall;
  const spans = rx.sink.spans - spans0;
  const lat = res.lat.sort((a, b) => a - b);
  rss.sort((a, b) => a - b);
  const mib = (b: number) => (b / 1048576).toFixed(0);
  console.log(
    `${name.padEnd(26)} ${(spans / wall).toFixed(0).padStart(7)} spans/s  cpu ${(cores * 100).toFixed(0).padStart(3)}% of a core  ` +
      `${(spans / wall / cores).toFixed(0).padStart(7)} spans/s per core  p50 ${pct(lat, 50).toFixed(1)} ms  p99 ${pct(lat, 99).toFixed(1)} ms  ` +
      `RSS median ${mib(pct(rss, 50))} MiB max ${mib(rss[rss.length - 1] ?? 0)} MiB  errors ${res.errors}  lost ${res.requests * spansPerBody - spans}`,
  );
}

async function main(): Promise<void> {
  const seconds = opt('seconds', 10);
  const connections = opt('connections', 8);
  const raw = Array.from({ length: 16 }, (_, i) => makeBody(1000 + i));
  const bodies = raw.map((b) => b.toString('base64'));
  console.log(
    `datadog receiver: ${raw.length} distinct v0.4 bodies of ${(raw[0].length / 1024).toFixed(0)} KiB, 200 spans (${(raw[0].length / 200).toFixed(0)} B/span); ` +
      `node ${process.version}; receiver ${pinned ? 'pinned to core 0, client to core 1' : 'not pinned'}; ${seconds}s per scenario`,
  );
  global.gc?.();
  console.log(`baseline RSS before the receiver starts (runtime, loader, corpus): ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);
  const sink = new SerializingConsumer();
  const rxc = factory.create(testSettings('datadog', 'receiver'), { ...defaults(config), endpoint: '127.0.0.1:0' }, { traces: sink }) as DatadogReceiver;
  await rxc.start(NO_HOST);
  const rx = { url: `http://127.0.0.1:${rxc.address()!.port}/v0.4/traces`, sink };
  await scenario(`saturation, ${connections} conns`, rx, bodies, 200, connections, 0, seconds);
  await scenario('fixed 10k spans/s', rx, bodies, 200, 4, 50, seconds);
  await rxc.shutdown();
}

if (args.includes('--client')) {
  process.once('message', (job) => void client(job as ClientJob).then(() => process.exit(0)));
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
