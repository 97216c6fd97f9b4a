/**
 * Sends each hostile body of `bodies.ts` to a fresh bridge (the built CLI) and prints what it
 * cost: time to answer, status, peak RSS (VmHWM), whether the process survived, and the latency
 * of `/info` and of small trace requests sent meanwhile. Not a test: a tool for the figures.
 *
 *   npm run build && npx tsx test/hostile/attack.ts [--timeout 150] [name filter…]
 */
import { startCollector } from '../helpers/collector';
import { traceBody } from '../../bench/lib/trace-corpus';
import { array32, attacks, MSGPACK, smallTrace, type Attack } from './bodies';
import { bridgeConfig, get, p99, peakRssMiB, post, type Reply } from './probe';

const args = process.argv.slice(2);
const ti = args.indexOf('--timeout');
const timeoutS = ti >= 0 ? Number(args.splice(ti, 2)[1]) : 150;
const filters = args;

async function run(a: Attack | undefined): Promise<string> {
  const c = await startCollector(bridgeConfig(200, '{}'), { readyTimeoutMs: 60_000 });
  const dd = `http://${c.address('datadog')}`;
  const otlp = `http://${c.address('otlp')}`;
  const small = smallTrace();
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
      if (r.status !== 200) infoFailed++;
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const smallLoop = (async () => {
    while (attacking && !died) {
      const r = await post(`${dd}/v0.4/traces`, small, { 'content-type': MSGPACK }, timeoutS * 1000);
      if (r.status === 200) smallOk.push(r.ms);
      else if (attacking) smallFailed[r.status] = (smallFailed[r.status] ?? 0) + 1;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const reply = a
    ? await post(`${a.receiver === 'datadog' ? dd : otlp}${a.path}`, a.body, { 'content-type': a.contentType, ...(a.gzip ? { 'content-encoding': 'gzip' } : {}) }, timeoutS * 1000)
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
    `${peak.toFixed(0)} MiB`.padStart(9),
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
