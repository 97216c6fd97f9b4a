/**
 * Builds the OpenTelemetry Collector contrib distribution of bench/peers/collector/manifest.yaml with the
 * Collector's builder (ocb), from Go modules, into bench/.cache/collector/<hash of the manifest>/.
 * The first run takes minutes; later runs reuse the binary. Where datadogreceiver is not served, the
 * same list is built without it (traces then reach the Collector over OTLP/HTTP).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const COLLECTOR_DIR = path.resolve(__dirname, '../peers/collector');
const CACHE = path.resolve(__dirname, '../.cache/collector');
const DATADOG = /^\s*- gomod: \S+\/receiver\/datadogreceiver .*\n/m;

export interface CollectorBuild {
  bin: string;
  /** How traces reach it: its own Datadog receiver, or OTLP/HTTP where that receiver cannot be built. */
  traces: 'datadog' | 'otlp';
  /** Seconds spent getting the binary in this run (near 0 when cached). */
  buildSec: number;
  /** One line on what was left out, if anything. */
  note?: string;
}

/** One line from a failed tool run: a module the proxy refused, else the most telling line. */
function reason(out: string): string {
  const refused = /(\S+@v\S+): reading \S+: (\d{3} [A-Za-z ]+)/.exec(out);
  if (refused) return `the Go module proxy answers ${refused[2].trim()} for ${refused[1]}`;
  const lines = out.split('\n').map((l) => l.trim()).filter(Boolean);
  const hit = lines.find((l) => /not available|cannot find|no matching|unable to|not found|error/i.test(l)) ?? lines[lines.length - 1] ?? 'no output';
  return hit.length > 200 ? `${hit.slice(0, 200)}…` : hit;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/** Builds `manifest` into `dir` unless a binary is already there; returns the binary or a reason. */
function buildOnce(manifest: string, dir: string, builder: string): { bin?: string; why?: string } {
  const bin = path.join(dir, 'build', 'otelcol-bench');
  if (existsSync(bin)) return { bin };
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'manifest.yaml'), manifest);
  const r = run(builder, ['--config', 'manifest.yaml'], dir, {}, 40 * 60_000);
  writeFileSync(path.join(dir, 'build.log'), r.out);
  if (!r.ok || !existsSync(bin)) return { why: reason(r.out) };
  return { bin };
}

/** The Collector binary, building it when needed; a string says in one line why there is none. */
export function ensureCollector(log: (line: string) => void): CollectorBuild | string {
  if (process.env.BENCH_COLLECTOR === '0') return 'Collector: left out (BENCH_COLLECTOR=0)';
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) return 'Collector: left out, no Go toolchain on this machine (`go` not found)';
  const manifest = readFileSync(path.join(COLLECTOR_DIR, 'manifest.yaml'), 'utf8');
  const builderMod = /builder: (\S+) (v\S+)/.exec(manifest);
  if (!builderMod) return 'Collector: left out, bench/peers/collector/manifest.yaml names no builder version';
  const key = createHash('sha256').update(manifest).update(go.stdout).digest('hex').slice(0, 12);
  const binDir = path.join(CACHE, 'bin', builderMod[2]);
  const builder = path.join(binDir, 'builder');
  const t0 = Date.now();
  const fullDir = path.join(CACHE, key);
  const leanDir = path.join(CACHE, `${key}-otlp`);
  const built = (d: string) => existsSync(path.join(d, 'build', 'otelcol-bench'));
  if (!built(fullDir) && !built(leanDir)) log(`# building the Collector with ocb ${builderMod[2]} (first run only, several minutes) into bench/.cache/collector/`);
  if (!built(fullDir) && !existsSync(builder)) {
    const r = run('go', ['install', `${builderMod[1]}@${builderMod[2]}`], process.cwd(), { GOBIN: binDir }, 15 * 60_000);
    if (!r.ok) return `Collector: left out, its builder could not be installed (${reason(r.out)})`;
  }
  const full = buildOnce(manifest, fullDir, builder);
  if (full.bin) return { bin: full.bin, traces: 'datadog', buildSec: (Date.now() - t0) / 1000 };
  const lean = buildOnce(manifest.replace(DATADOG, ''), leanDir, builder);
  if (!lean.bin) return `Collector: left out, the build failed (${lean.why}; log in bench/.cache/collector/${key}-otlp/build.log)`;
  return {
    bin: lean.bin,
    traces: 'otlp',
    buildSec: (Date.now() - t0) / 1000,
    note: `Collector: datadogreceiver cannot be built here (${full.why}); the Collector gets the same spans as OTLP/HTTP protobuf instead`,
  };
}
