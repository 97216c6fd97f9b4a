/**
 * The build cache of the real-tracer apps: each app (a Python venv, a Go binary, a compiled Java app,
 * a Java agent) is built once from the registries into `.cache/tracers/<name>/` under the repo and
 * reused while its name, which carries the pinned versions and a hash of the inputs, stays the same.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isAlive, ownerTag, parseOwnerTag } from '../../../src/util/process';
import { REPO_ROOT } from '../collector';

export const CACHE_ROOT = path.join(REPO_ROOT, '.cache/tracers');

/** What this machine lacks for an app (a toolchain, a registry); a suite skips with its message. */
export class Unavailable extends Error {}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Commands still running; ended when this process exits (mocha --exit leaves none behind). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of running) c.kill('SIGTERM');
});

/** Runs a command to completion. A command that does not exist is `Unavailable`. */
export function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? REPO_ROOT, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'ENOENT' ? new Unavailable(`${cmd} is not on the PATH`) : err);
    });
    child.once('close', (code) => {
      running.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The last non-empty line a command wrote on stderr (else stdout): the one-line reason of a failure. */
export function lastLine(r: RunResult): string {
  const last = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean).at(-1);
  return last(r.stderr) ?? last(r.stdout) ?? `exit code ${r.code}`;
}

/** Runs a command that must exist and succeed; its failure becomes `Unavailable` with `what` and the reason. */
export async function fetchStep(what: string, cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) throw new Unavailable(`${what}: ${lastLine(r)}`);
  return r;
}

/** A short hash of files (paths from the repo root) and strings, for cache names. */
export function inputsHash(files: string[], extra: string[] = []): string {
  const h = createHash('sha256');
  for (const f of files) h.update(f).update('\0').update(readFileSync(path.join(REPO_ROOT, f))).update('\0');
  for (const e of extra) h.update(e).update('\0');
  return h.digest('hex').slice(0, 12);
}

const READY = '.ready';
const WAIT_FOR_OTHER_BUILD_MS = 15 * 60_000;

/**
 * The cache entry `name`, built by `build(dir)` if absent. The `.ready` marker is written last, so
 * an interrupted build counts as absent and is redone from scratch; a lock directory holding the
 * builder's pid makes a second process wait for that build instead of racing it.
 */
export async function cached(name: string, build: (dir: string) => Promise<void>): Promise<{ dir: string; built: boolean }> {
  const dir = path.join(CACHE_ROOT, name);
  const lock = `${dir}.lock`;
  const deadline = Date.now() + WAIT_FOR_OTHER_BUILD_MS;
  mkdirSync(CACHE_ROOT, { recursive: true });
  for (;;) {
    if (existsSync(path.join(dir, READY))) return { dir, built: false };
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let owner: ReturnType<typeof parseOwnerTag>;
    try {
      owner = parseOwnerTag(readFileSync(path.join(lock, 'pid'), 'utf8'));
    } catch {
      /* the owner has not written its pid yet */
    }
    if (owner && !isAlive(owner.pid, owner.start)) rmSync(lock, { recursive: true, force: true });
    else if (Date.now() > deadline) throw new Error(`${lock}: another build held it for ${WAIT_FOR_OTHER_BUILD_MS / 60000} min`);
    else await new Promise((r) => setTimeout(r, 500));
  }
  try {
    // Written aside and renamed, so a waiting process never reads a half-written owner.
    writeFileSync(path.join(lock, 'pid.tmp'), ownerTag());
    renameSync(path.join(lock, 'pid.tmp'), path.join(lock, 'pid'));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await build(dir);
    writeFileSync(path.join(dir, READY), new Date().toISOString() + '\n');
    return { dir, built: true };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
