/**
 * Startup to healthy and idle memory of `node bin/dd-otel-bridge.js` on the shipped config.yaml
 * (every listener on port 0, the socket and data in a temp dir), against a bare Node HTTP server
 * measured the same way in the same run: the floor any Node process pays. Healthy = the first
 * 200 from health_check (the kubelet's readiness probe). Idle RSS is read from /proc after
 * `BENCH_IDLE_SECONDS` (3) with no traffic. `npx tsx bench/startup.ts`, `BENCH_RUNS=5`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { envNumber, fmt, median, sleep, spread, table } from './lib/stats';

const ROOT = path.resolve(__dirname, '..');
const RUNS = envNumber('BENCH_RUNS', process.env.BENCH_QUICK ? 2 : 5);
const IDLE_S = envNumber('BENCH_IDLE_SECONDS', process.env.BENCH_QUICK ? 1 : 3);

interface Sample {
  healthyMs: number;
  rssMiB: number;
}

/** Polls `url` until it answers 200; resolves with the time since `t0`. */
async function firstOk(url: () => string | undefined, t0: number, child: ChildProcess): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before it was healthy`);
    const u = url();
    if (u) {
      try {
        if ((await fetch(u, { signal: AbortSignal.timeout(2000) })).status === 200) return performance.now() - t0;
      } catch {
        /* not listening yet */
      }
    }
    await sleep(5);
  }
}

function rssMiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function measure(argv: string[], env: NodeJS.ProcessEnv, cwd: string, healthUrl: (stderr: string) => string | undefined): Promise<Sample> {
  const t0 = performance.now();
  const child = spawn(process.execPath, argv, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  try {
    const healthyMs = await firstOk(() => healthUrl(err), t0, child);
    await sleep(IDLE_S * 1000);
    return { healthyMs, rssMiB: rssMiB(child.pid!) };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

function bridgeRun(): Promise<Sample> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ddob-startup-'));
  mkdirSync(path.join(dir, 'logs'));
  const env = {
    DD_BRIDGE_TRACE_ENDPOINT: '127.0.0.1:0',
    DD_BRIDGE_TRACE_SOCKET: path.join(dir, 'apm.socket'),
    DD_BRIDGE_HEALTH_ENDPOINT: '127.0.0.1:0',
    DD_BRIDGE_METRICS_ADDRESS: '127.0.0.1:0',
    OTLP_ENDPOINT: 'http://127.0.0.1:9',
  };
  const health = (stderr: string) => {
    const m = /"address":"([^"]+)","msg":"Health check listening/.exec(stderr);
    return m ? `http://${m[1]}/` : undefined;
  };
  return measure([path.join(ROOT, 'bin/dd-otel-bridge.js'), '--config', path.join(ROOT, 'config.yaml')], env, dir, health).finally(() =>
    rmSync(dir, { recursive: true, force: true }),
  );
}

function bareNodeRun(): Promise<Sample> {
  const script = "const s=require('http').createServer((q,r)=>r.end('ok')).listen(0,'127.0.0.1',()=>process.stderr.write('PORT '+s.address().port+'\\n'));process.on('SIGTERM',()=>process.exit(0))";
  return measure(['-e', script], {}, ROOT, (stderr) => {
    const m = /PORT (\d+)/.exec(stderr);
    return m ? `http://127.0.0.1:${m[1]}/` : undefined;
  });
}

async function main(): Promise<void> {
  const bridge: Sample[] = [];
  const bare: Sample[] = [];
  // Interleaved, so a change in the machine's load hits both alike.
  for (let i = 0; i < RUNS; i++) {
    bare.push(await bareNodeRun());
    bridge.push(await bridgeRun());
  }
  const row = (name: string, s: Sample[]) => [name, spread(s.map((x) => x.healthyMs), 0, ' ms'), spread(s.map((x) => x.rssMiB), 1, ' MiB')];
  console.log(`startup to healthy and idle RSS, ${RUNS} runs each (median, min–max), Node ${process.version}`);
  console.log(table(['process', 'spawn → first 200', `RSS after ${IDLE_S} s idle`], [row('bare Node HTTP server', bare), row('dd-otel-bridge (config.yaml)', bridge)]));
  const ratio = median(bridge.map((x) => x.healthyMs)) / median(bare.map((x) => x.healthyMs));
  console.log(`bridge / bare Node: ${fmt(ratio, 1)}× the startup time, +${fmt(median(bridge.map((x) => x.rssMiB)) - median(bare.map((x) => x.rssMiB)), 1)} MiB`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
