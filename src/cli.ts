/** The command line: argv → run | validate | components | pipeline, each resolving with an exit code (main.ts exits). */
import { Registry } from './component/registry';
import { loadConfig, ConfigError } from './config';
import { FACTORIES } from './components';
import { runCollector } from './run';
import { USAGE as PIPELINE_USAGE, pipelineCommand } from '../processors/log_pipeline/cli';
import { redact } from './util/redact';

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE = `Usage: dd-otel-bridge [command] [options]

Commands:
  (none), run          run the sidecar (default config: ./config.yaml)
  validate             check configuration files without starting anything
  components           list the available component types per kind
  pipeline             run a Pipeline script on log lines; print the points or (--record) the log records

Options:
  --config FILE        a configuration file; repeat to merge several in order (later wins)
  -h, --help           show this help, or a command's with "<command> --help"
  -v, --version        print the version

Run "dd-otel-bridge <command> --help" (or "dd-otel-bridge help <command>") for a command's options.
`;

const RUN_USAGE = `Usage: dd-otel-bridge [run] [--config FILE]...

Runs the sidecar. Stops cleanly on SIGTERM or SIGINT: receivers stop accepting, buffered data
drains, then exit code 0.
  --config FILE   configuration file, repeatable (default: ./config.yaml)

Other commands: validate, components, pipeline ("dd-otel-bridge --help" lists them).
`;

const VALIDATE_USAGE = `Usage: dd-otel-bridge validate --config FILE [--config FILE]...

Checks the configuration (types, keys, values, pipeline references) without binding any port.
Exit code 0 when valid, 1 when not; every problem is printed on stderr.
`;

const COMPONENTS_USAGE = `Usage: dd-otel-bridge components

Lists the receiver, processor, exporter and extension types this build offers.
`;

export function parseConfigFlags(args: string[]): { configs: string[]; rest: string[]; error?: string } {
  const configs: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--config' || a === '-c') {
      const v = args[++i];
      if (v === undefined) return { configs, rest, error: `${a} needs a file path` };
      configs.push(v);
    } else if (a.startsWith('--config=')) {
      configs.push(a.slice('--config='.length));
    } else rest.push(a);
  }
  return { configs, rest };
}

function version(): string {
  return (require('../../package.json') as { version: string }).version;
}

/** Each command's help, for `<command> --help` and `help <command>`. */
const COMMAND_USAGE: Record<string, string> = { run: RUN_USAGE, validate: VALIDATE_USAGE, components: COMPONENTS_USAGE, pipeline: PIPELINE_USAGE };

export async function main(argv: string[], io: Io): Promise<number> {
  const [first, ...others] = argv;
  const named = first !== undefined && !first.startsWith('-');
  const command = named ? first : 'run';
  const args = named ? others : argv;
  const wantsHelp = args.includes('--help') || args.includes('-h');
  const say = (s: string) => io.stdout.write(s);
  // Config problems quote values; secrets among them are masked on the way out (util/redact.ts).
  const err = (s: string) => io.stderr.write(redact(s));

  if (args.includes('--version') || args.includes('-v')) {
    say(`dd-otel-bridge ${version()}\n`);
    return 0;
  }
  // Help without a command word is the overview: it lists the commands.
  if (wantsHelp && !named) return say(USAGE), 0;
  switch (command) {
    case 'help':
      say(COMMAND_USAGE[args[0]] ?? USAGE);
      return 0;
    case 'components': {
      if (wantsHelp) return say(COMPONENTS_USAGE), 0;
      const reg = new Registry(FACTORIES);
      for (const kind of ['receiver', 'processor', 'exporter', 'extension'] as const) {
        say(`${kind}s:\n`);
        for (const f of reg.all(kind)) {
          const signals = 'signals' in f ? ` [${f.signals.join(', ')}]` : '';
          const aliases = f.aliases?.length ? ` (deprecated alias: ${f.aliases.join(', ')})` : '';
          say(`  ${f.type}${signals} ${f.stability}${aliases}\n`);
        }
      }
      return 0;
    }
    case 'pipeline':
      return pipelineCommand(args, io);
    case 'validate':
    case 'run': {
      if (wantsHelp) return say(command === 'run' ? RUN_USAGE : VALIDATE_USAGE), 0;
      const flags = parseConfigFlags(args);
      if (flags.error || flags.rest.length > 0) {
        err(`dd-otel-bridge ${command}: ${flags.error ?? `unexpected argument "${flags.rest[0]}"`}\n${command === 'run' ? RUN_USAGE : VALIDATE_USAGE}`);
        return 2;
      }
      if (command === 'validate' && flags.configs.length === 0) {
        err(`dd-otel-bridge validate: at least one --config FILE is required\n`);
        return 2;
      }
      const paths = flags.configs.length ? flags.configs : ['config.yaml'];
      const registry = new Registry(FACTORIES);
      let loaded;
      try {
        loaded = loadConfig(paths, registry);
      } catch (e) {
        if (e instanceof ConfigError) {
          err(`${e.message}\n`);
          return 1;
        }
        throw e;
      }
      if (command === 'validate') {
        for (const w of loaded.warnings) err(`warning: ${w}\n`);
        say(`configuration is valid: ${paths.join(', ')}\n`);
        return 0;
      }
      return runCollector(loaded);
    }
    default:
      err(`dd-otel-bridge: unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}
