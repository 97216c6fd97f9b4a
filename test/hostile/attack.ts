/**
 * Sends each hostile body of `bodies.ts` to a fresh bridge (the built CLI) and prints what it
 * cost: time to answer, status, peak RSS (VmHWM), whether the process survived, and the latency
 * of `/info` and of small trace requests sent meanwhile. Not a test: a tool for the figures.
 *
 *   npm run build && npx tsx test/hostile/attack.ts [--timeout 150] [name filter…]
 */
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import { startCollector } from '../helpers/collector';
import { traceBody } from '../../bench/lib/trace-corpus';
import { array32, attacks, MSGPACK, smallTrace, type Attack } from './bodies';

const args = process.argv.slice(2);
const ti = args.indexOf('--timeout');
const timeoutS = ti >= 0 ? Number(args.splice(ti, 2)[1]) : 150;
const filters = args;

const CONFIG = `
receivers:
  datadog:
    endpoint: 127.0.0.1:0
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:0
processors:
  memory_limiter:
    limit_mib: 200
  batch: {}
exporters:
  debug:
    verbosity: basic
service:
  telemetry:
    metrics: { address: "127.0.0.1:0" }
  pipelines:
    traces:
      receivers: [datadog, otlp]
      processors: [memory_limiter, batch]
      exporters: [debug]
    logs:
      receivers: [otlp]
      processors: [memory_limiter, batch]
      exporters: [debug]
`;

interface Reply {
  status: number;
  body: string;
  ms: number;
}

function send(url: string, a: { contentType: string; body: Buffer; gzip?: boolean }, timeoutMs: number): Promise<Reply> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const headers: http.OutgoingHttpHeaders = { 'content-type': a.contentType, 'content-length': a.body.length };
    if (a.gzip) headers['content-encoding'] = 'gzip';
    const req = http.request(url, { method: 'POST', headers, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: body.trim().slice(0, 160), ms: performance.now() - t0 }));
      res.on('error', () => resolve({ status: -1, body: 'response cut off', ms: performance.now() - t0 }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: -1, body: e.message, ms: performance.now() - t0 }));
    req.end(a.body);
  });
}

/** Latency of one GET /info; a failure counts as the time it took to fail, and is flagged. */
function get(url: string, timeoutMs: number): Promise<{ ms: number; ok: boolean }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ms: performance.now() - t0, ok: res.statusCode === 200 }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ ms: performance.now() - t0, ok: false }));
  });
}

function peakRssMiB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

function p99(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.99 * s.length) - 1)];
}

/** Runs `a`, or with no attack measures the same probes for two seconds (the machine's own latency). */
async function run(a: Attack | undefined): Promise<string> {
  const c = await startCollector(CONFIG, { readyTimeoutMs: 60_000 });
  const dd = `http://${c.address('datadog')}`;
  const otlp = `http://${c.address('otlp')}`;
  const small = { contentType: MSGPACK, body: smallTrace() };
  let peak = peakRssMiB(c.pid);
  let died = false;
  void c.waitForExit().then(() => (died = true));
  const sampler = setInterval(() => {
    const v = peakRssMiB(c.pid);
    if (!Number.isNaN(v)) peak = v;
  }, 50);
  let attacking = true;
  const info: number[] = [];
  let infoFailed = 0;
  const smallOk: number[] = [];
  const smallFailed: Record<string, number> = {};
  // One /info and one small trace request in flight at a time, for as long as the attack lasts.
  const infoLoop = (async () => {
    while (attacking && !died) {
      const r = await get(`${dd}/info`, timeoutS * 1000);
      info.push(r.ms);
      if (!r.ok) infoFailed++;
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const smallLoop = (async () => {
    while (attacking && !died) {
      const r = await send(`${dd}/v0.4/traces`, small, timeoutS * 1000);
      if (r.status === 200) smallOk.push(r.ms);
      else if (attacking) smallFailed[r.status] = (smallFailed[r.status] ?? 0) + 1;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const reply = a
    ? await send(`${a.receiver === 'datadog' ? dd : otlp}${a.path}`, a, timeoutS * 1000)
    : await new Promise<Reply>((r) => setTimeout(() => r({ status: 0, body: '(none)', ms: 2000 }), 2000));
  // Let the process settle a moment: a crash after the answer still counts.
  await new Promise((r) => setTimeout(r, 1000));
  attacking = false;
  await Promise.all([infoLoop, smallLoop]);
  clearInterval(sampler);
  const survived = !died;
  await c.stop('SIGKILL');
  const oom = /heap out of memory|Allocation failed/i.test(c.stderr());
  const status = reply.status === -1 ? `no answer (${reply.body})` : `${reply.status} ${reply.body}`;
  return [
    (a?.name ?? 'baseline: no attack').padEnd(36),
    `${((a?.body.length ?? 0) / 1024).toFixed(1)} KiB`.padStart(11),
    `${(reply.ms / 1000).toFixed(3)} s`.padStart(10),
    `${peak} MiB`.padStart(9),
    (survived ? 'alive' : oom ? 'DIED (OOM)' : 'DIED').padEnd(10),
    `/info p99 ${p99(info).toFixed(0)} ms max ${Math.max(...info).toFixed(0)} ms (n=${info.length}, failed ${infoFailed})`.padEnd(46),
    `small ok ${smallOk.length} p99 ${p99(smallOk).toFixed(0)} ms, not ok ${JSON.stringify(smallFailed)}`.padEnd(40),
    status,
  ].join(' | ');
}

/** Realistic bodies near the byte cap: ~48k spans of ~530 bytes (v0.4, 25 MiB). */
export function largeLegit(): Attack {
  const traces = Array.from({ length: 240 }, (_, i) => traceBody(9000 + i));
  // Concatenate the traces arrays of 240 bodies of 200 spans: each body is one msgpack array.
  const parts = traces.map((b) => b.subarray(b[0] === 0xdc ? 3 : 1));
  const count = traces.reduce((n, b) => n + (b[0] === 0xdc ? b.readUInt16BE(1) : b[0] & 0x0f), 0);
  const body = Buffer.concat([array32(count), ...parts]);
  return { name: `dd v0.4 ${(count * 10 / 1000).toFixed(0)}k real spans, ${(body.length / 1048576).toFixed(1)} MiB`, receiver: 'datadog', path: '/v0.4/traces', contentType: MSGPACK, body, gzip: false };
}

async function main(): Promise<void> {
  const chosen = [...attacks(), largeLegit()].filter((a) => filters.length === 0 || filters.some((f) => a.name.includes(f)));
  console.log(`node ${process.version}; timeout ${timeoutS} s per attack; memory_limiter limit_mib 200`);
  console.log(await run(undefined));
  for (const a of chosen) console.log(await run(a));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
