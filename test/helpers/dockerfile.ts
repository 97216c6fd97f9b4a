/**
 * Reads a Dockerfile into its stages and runs their build steps as plain shell, each stage in its
 * own directory standing for its root filesystem, since Docker itself cannot run here: `COPY`
 * copies (from the context or an earlier stage), `RUN` runs `sh -c` in the stage's WORKDIR with its
 * ENV, and the rest (USER, EXPOSE, ENTRYPOINT, CMD) is recorded for the tests to check.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface Instruction {
  op: string;
  args: string;
}

export interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  args: Record<string, string>;
  stages: Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(\w+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`cannot read Dockerfile line: ${line}`);
    const op = m[1].toUpperCase();
    const rest = m[2].trim();
    if (op === 'ARG' && stages.length === 0) {
      const [k, v = ''] = rest.split('=');
      args[k] = v;
    } else if (op === 'FROM') {
      const f = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest)!;
      stages.push({ name: f[2] ?? String(stages.length), from: f[1].replace(/\$\{(\w+)\}/g, (_, k: string) => args[k] ?? ''), instructions: [] });
    } else {
      if (!stages.length) throw new Error(`${op} before FROM`);
      stages[stages.length - 1].instructions.push({ op, args: rest });
    }
  }
  return { args, stages };
}

/** `KEY=value KEY2="v 2"` (ENV's form) into a map. */
export function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/(\w+)=("([^"]*)"|\S+)/g)) out[m[1]] = m[3] ?? m[2];
  return out;
}

/** A JSON-array instruction (`["node", "x"]`). */
export function execForm(text: string): string[] {
  return JSON.parse(text) as string[];
}

export interface StageResult {
  root: string;
  workdir: string;
  env: Record<string, string>;
  user?: string;
  expose: number[];
  entrypoint?: string[];
  cmd?: string[];
}

/**
 * Runs every stage's steps under `out/<stage>`; `context` is the build context (already filtered
 * by .dockerignore), `env` is added to every RUN (a local npm cache, say). Returns each stage's result.
 */
export function buildStages(df: Dockerfile, context: string, out: string, env: NodeJS.ProcessEnv = {}): Map<string, StageResult> {
  const results = new Map<string, StageResult>();
  for (const stage of df.stages) {
    const root = path.join(out, stage.name);
    mkdirSync(root, { recursive: true });
    const r: StageResult = { root, workdir: '/', env: {}, expose: [] };
    const inRoot = (p: string) => path.join(root, path.posix.isAbsolute(p) ? p : path.posix.join(r.workdir, p));
    for (const { op, args } of stage.instructions) {
      switch (op) {
        case 'WORKDIR':
          r.workdir = path.posix.resolve(r.workdir, args);
          mkdirSync(inRoot('.'), { recursive: true });
          break;
        case 'ENV':
          Object.assign(r.env, parseEnv(args));
          break;
        case 'COPY': {
          const words = args.split(/\s+/);
          const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
          const paths = words.filter((w) => !w.startsWith('--'));
          const dest = paths.pop()!;
          const src = from ? results.get(from)! : undefined;
          if (from && !src) throw new Error(`COPY --from=${from}: no such earlier stage`);
          for (const p of paths) {
            const source = src ? path.join(src.root, p) : path.join(context, p);
            const isDir = statSync(source).isDirectory();
            // Docker copies a directory's contents; a file into a directory (dest ending in /) keeps its name.
            const target = isDir || !dest.endsWith('/') ? inRoot(dest) : path.join(inRoot(dest), path.basename(p));
            mkdirSync(isDir ? target : path.dirname(target), { recursive: true });
            cpSync(source, target, { recursive: true });
          }
          break;
        }
        case 'RUN': {
          const run = spawnSync('sh', ['-c', args], { cwd: inRoot('.'), env: { ...process.env, ...r.env, ...env }, encoding: 'utf8', maxBuffer: 64 << 20 });
          if (run.status !== 0) throw new Error(`stage ${stage.name}: RUN ${args} exited with ${run.status}:\n${run.stdout}\n${run.stderr}`);
          break;
        }
        case 'USER':
          r.user = args;
          break;
        case 'EXPOSE':
          r.expose.push(...args.split(/\s+/).map((p) => Number(p.split('/')[0])));
          break;
        case 'ENTRYPOINT':
          r.entrypoint = execForm(args);
          break;
        case 'CMD':
          r.cmd = execForm(args);
          break;
        default:
          throw new Error(`the Dockerfile uses ${op}, which this emulation does not know`);
      }
    }
    results.set(stage.name, r);
  }
  return results;
}
