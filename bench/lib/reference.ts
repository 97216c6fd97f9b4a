/**
 * The reference pipelines kept outside the project (../shared/perf/reference beside the checkout, or
 * BENCH_REFERENCE_DIR): pipe-otel and pipe-fast (traces-server.js), and its OTLP writer, used to give
 * the Collector the same spans over OTLP. Their packages are installed once into bench/.cache/.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { freePort, spawnPinned, type Pinned } from './pinned';

const REPO = path.resolve(__dirname, '../..');

export interface Reference {
  dir: string;
  /** NODE_PATH for its scripts when its packages live in the cache. */
  nodePath?: string;
}

/** The reference folder ready to run, or one line saying why not. */
export function findReference(): Reference | string {
  const dir = path.resolve(process.env.BENCH_REFERENCE_DIR ?? path.join(REPO, '../shared/perf/reference'));
  if (!existsSync(path.join(dir, 'traces-server.js'))) return `pipe-otel, pipe-fast: left out, no reference pipelines at ${path.relative(REPO, dir)} (set BENCH_REFERENCE_DIR)`;
  if (existsSync(path.join(dir, 'node_modules'))) return { dir };
  const cache = path.join(REPO, 'bench/.cache/reference');
  if (!existsSync(path.join(cache, 'node_modules'))) {
    mkdirSync(cache, { recursive: true });
    for (const f of ['package.json', 'package-lock.json']) copyFileSync(path.join(dir, f), path.join(cache, f));
    const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: cache, encoding: 'utf8' });
    if (r.status !== 0) return `pipe-otel, pipe-fast: left out, npm ci of their packages failed (${(r.stderr || '').trim().split('\n').pop()})`;
  }
  return { dir, nodePath: path.join(cache, 'node_modules') };
}

export interface TraceServer extends Pinned {
  url: string;
}

/** traces-server.js in `mode` (pipe-otel or pipe-fast), pinned to the sidecar's core. */
export async function startTraceServer(ref: Reference, mode: 'pipe-otel' | 'pipe-fast', extraEnv: NodeJS.ProcessEnv = {}): Promise<TraceServer> {
  const port = await freePort();
  const env = { ...process.env, ...(ref.nodePath ? { NODE_PATH: ref.nodePath } : {}), ...extraEnv };
  const p = spawnPinned(process.execPath, [path.join(ref.dir, 'traces-server.js'), mode, String(port)], { env });
  await p.waitFor(/^ready \d+/m, 30000);
  return { ...p, url: `http://127.0.0.1:${port}/v0.4/traces` };
}
