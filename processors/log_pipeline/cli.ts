/**
 * `dd-otel-bridge pipeline`: tries a Pipeline script on log lines. By default it prints the point
 * (the language's own command does that); `--record` prints instead the OTel log record that
 * log_pipeline would send, and `--script builtin:NAME` runs a ready-made script.
 */
import * as readline from 'node:readline';
import type { LogRecord } from '../../src/consumer/consumer';
import { makeLogRecord } from '../../src/data/builders';
import { ResourceCache } from '../../src/data/resource';
import { hrTimeToNs, nowNs } from '../../src/data/time';
import type { CompiledScript } from '../../src/lang';
import { scriptsDirectory } from '../../src/lang';
import { notADirectory, pipelineCommand as pointCommand } from '../../src/lang/cli';
import { pointToRecord } from './mapping';
import { builtinScriptPath, compileSource, isBuiltin, loadSource } from './scripts';

export interface CommandIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export const USAGE = `Usage: dd-otel-bridge pipeline --script FILE|builtin:NAME [--tz ZONE] [--scripts-dir DIR] [--record] [--input LINE]...

Runs a Datakit Pipeline script on log lines (from --input, else stdin) and prints one JSON object
per line: the point the script leaves,
  {"fields":{...},"tags":{...},"time":"<ns>"|null,"dropped":false}   ("error" first if it failed)
or, with --record, the OTel log record log_pipeline sends for it:
  {"timeUnixNano":"<ns>","severityNumber":9,"severityText":"INFO","body":...,"traceId":"...",
   "spanId":"...","join":"joined","resource":{...},"attributes":{...}}
"join" says how the record joins its span: joined (ids as written), recoverable (a 64-bit trace id:
the running bridge completes it from its trace index once the trace passes through), no_ids, or
script_error.

Options:
  --script FILE   the script to run, or builtin:NAME for a ready-made one (required)
  --tz ZONE       IANA time zone of log times written without one (default: this process's)
  --scripts-dir DIR
                  directory of the scripts use("name.p") runs, as log_pipeline's scripts_dir
  --record        print the final log record instead of the point
  --input LINE    a log line; repeatable
  --help          show this help

Exit status: 0 after running, 1 when the script does not check or cannot be read, 2 for bad usage.
`;

interface Args {
  script?: string;
  tz?: string;
  scriptsDir?: string;
  record: boolean;
  inputs: string[];
  help: boolean;
  error?: string;
}

function parseArgs(argv: string[]): Args {
  const out: Args = { record: false, inputs: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (flag === '--help' || flag === '-h') out.help = true;
    else if (flag === '--record') out.record = true;
    else if (flag === '--script' || flag === '--tz' || flag === '--scripts-dir' || flag === '--input') {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) return { ...out, error: `${flag} needs a value` };
      if (flag === '--script') out.script = v;
      else if (flag === '--tz') out.tz = v;
      else if (flag === '--scripts-dir') out.scriptsDir = v;
      else out.inputs.push(v);
    } else return { ...out, error: `unknown argument ${JSON.stringify(a)}` };
  }
  return out;
}

function knownZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export async function pipelineCommand(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) return io.stdout.write(USAGE), 0;
  if (args.error || !args.script) {
    io.stderr.write(`error: ${args.error ?? '--script is required'}\n\n${USAGE}`);
    return 2;
  }
  if (args.tz !== undefined && !knownZone(args.tz)) {
    io.stderr.write(`error: unknown time zone ${JSON.stringify(args.tz)} (use an IANA name such as "Asia/Shanghai" or "UTC")\n`);
    return 2;
  }
  const badDir = args.scriptsDir !== undefined ? notADirectory(args.scriptsDir) : undefined;
  if (badDir) {
    io.stderr.write(`error: --scripts-dir ${JSON.stringify(args.scriptsDir)}: ${badDir}\n`);
    return 2;
  }
  let script: CompiledScript;
  try {
    if (!args.record) {
      const file = isBuiltin(args.script) ? builtinScriptPath(args.script) : args.script;
      const rest = [
        ...(args.tz !== undefined ? ['--tz', args.tz] : []),
        ...(args.scriptsDir !== undefined ? ['--scripts-dir', args.scriptsDir] : []),
        ...args.inputs.flatMap((l) => ['--input', l]),
      ];
      return await pointCommand(['--script', file, ...rest], io);
    }
    const services = args.scriptsDir !== undefined ? { scripts: scriptsDirectory(args.scriptsDir) } : {};
    script = compileSource(loadSource(isBuiltin(args.script) ? { script: args.script } : { script_file: args.script }), args.tz, services);
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  const resources = new ResourceCache();
  const resource = resources.get({});
  const print = (line: string) => write(io.stdout, recordLine(script, line, resource, resources) + '\n');
  if (args.inputs.length) {
    for (const line of args.inputs) await print(line);
    return 0;
  }
  const rl = readline.createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
  for await (const line of rl) await print(line);
  return 0;
}

function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (stream.write(text)) resolve();
    else stream.once('drain', () => resolve());
  });
}

/** The record log_pipeline would send for `line` (before trace-id recovery), as one JSON line. */
export function recordLine(script: CompiledScript, line: string, resource: LogRecord['resource'], resources: ResourceCache): string {
  const now = nowNs();
  const original = makeLogRecord({ timeNs: now, observedNs: now, body: line, resource });
  const point = script.runMaps({ message: line });
  if (point.dropped) return JSON.stringify({ dropped: true });
  const r = pointToRecord(original, point, resources);
  const ctx = r.spanContext;
  const join = !ctx ? (point.error !== undefined ? 'script_error' : 'no_ids') : ctx.traceId.startsWith('0000000000000000') ? 'recoverable' : 'joined';
  const out: Record<string, unknown> = {};
  if (point.error !== undefined) out.error = point.error;
  Object.assign(out, {
    timeUnixNano: hrTimeToNs(r.hrTime).toString(),
    severityNumber: r.severityNumber ?? 0,
    severityText: r.severityText ?? '',
    body: r.body ?? null,
    traceId: ctx?.traceId ?? '',
    spanId: ctx?.spanId ?? '',
    join,
    resource: r.resource.attributes,
    attributes: r.attributes,
  });
  return JSON.stringify(out);
}
