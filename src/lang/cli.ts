// `dd-otel-bridge pipeline`: try a Pipeline script on log lines, like `datakit pipeline`.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { compileScript, formatDiagnostics, RunResult, scriptsDirectory } from './index';
import { Zone } from './time/zone';
import { toDisplayJson } from './value';

export interface PipelineIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export const PIPELINE_USAGE = `Usage: dd-otel-bridge pipeline --script FILE [--tz ZONE] [--scripts-dir DIR] [--input LINE]...

Runs a Datakit Pipeline script on log lines and prints one JSON object per line:
  {"fields":{...},"tags":{...},"time":"<ns>"|null,"dropped":false}
or, when the script stops with a runtime error, {"error":"...", "fields":{...}, ...}
with the changes made before the error. "budget_exceeded":N says that N pattern
matches failed because the line ran out of its time budget (5 ms for all matches).

Options:
  --script FILE   the script to run (required)
  --tz ZONE       IANA time zone used as the local zone (default: this process's)
  --scripts-dir DIR
                  directory of the scripts use("name.p") runs, as log_pipeline's scripts_dir
  --input LINE    a log line; repeatable. Without --input, lines are read from stdin.
  --help          show this help

Exit status: 0 after running, 1 when the script does not check (diagnostics on
stderr) or cannot be read, 2 for bad usage.
`;

interface Parsed { script?: string; tz?: string; scriptsDir?: string; inputs: string[]; help: boolean; error?: string }

function parseArgs(argv: string[]): Parsed {
  const out: Parsed = { inputs: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const [flag, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const value = (): string | undefined => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--help': case '-h': out.help = true; break;
      case '--script': case '--tz': case '--scripts-dir': case '--input': {
        const v = value();
        if (v === undefined) return { ...out, error: `${flag} needs a value` };
        if (flag === '--script') out.script = v;
        else if (flag === '--tz') out.tz = v;
        else if (flag === '--scripts-dir') out.scriptsDir = v;
        else out.inputs.push(v);
        break;
      }
      default: return { ...out, error: `unknown argument ${JSON.stringify(a)}` };
    }
  }
  return out;
}

export function resultJson(r: RunResult): string {
  const body = [
    `"fields":${toDisplayJson(new Map(Object.entries(r.fields)))}`,
    `"tags":${JSON.stringify(r.tags)}`,
    `"time":${r.timeNs === null ? 'null' : JSON.stringify(r.timeNs.toString())}`,
    `"dropped":${r.dropped}`,
  ];
  if (r.error !== undefined) body.unshift(`"error":${JSON.stringify(r.error)}`);
  if (r.budgetExceeded !== undefined) body.push(`"budget_exceeded":${r.budgetExceeded}`);
  return `{${body.join(',')}}`;
}

function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (stream.write(text)) resolve();
    else stream.once('drain', () => resolve());
  });
}

/** Why `dir` cannot be a scripts directory, or undefined when it is a readable directory. */
export function notADirectory(dir: string): string | undefined {
  try {
    return fs.statSync(dir).isDirectory() ? undefined : 'not a directory';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (e as Error).message;
  }
}

export async function pipelineCommand(argv: string[], io: PipelineIo): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    await write(io.stdout, PIPELINE_USAGE);
    return 0;
  }
  if (args.error || !args.script) {
    await write(io.stderr, `error: ${args.error ?? '--script is required'}\n\n${PIPELINE_USAGE}`);
    return 2;
  }
  if (args.tz !== undefined && !Zone.get(args.tz)) {
    await write(io.stderr, `error: unknown time zone ${JSON.stringify(args.tz)}\n`);
    return 2;
  }
  if (args.scriptsDir !== undefined) {
    const problem = notADirectory(args.scriptsDir);
    if (problem) {
      await write(io.stderr, `error: --scripts-dir ${JSON.stringify(args.scriptsDir)}: ${problem}\n`);
      return 2;
    }
  }
  let source: string;
  try {
    source = fs.readFileSync(args.script, 'utf8');
  } catch (e) {
    await write(io.stderr, `error: cannot read script ${args.script}: ${(e as Error).message}\n`);
    return 1;
  }
  const scripts = args.scriptsDir !== undefined ? scriptsDirectory(args.scriptsDir) : undefined;
  const { script, diagnostics } = compileScript(source, { name: path.basename(args.script), timezone: args.tz, scripts });
  if (!script) {
    await write(io.stderr, formatDiagnostics(diagnostics, source));
    return 1;
  }
  const runLine = (line: string) => write(io.stdout, resultJson(script.run({ message: line })) + '\n');
  if (args.inputs.length) {
    for (const line of args.inputs) await runLine(line);
    return 0;
  }
  const rl = readline.createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
  for await (const line of rl) await runLine(line);
  return 0;
}
