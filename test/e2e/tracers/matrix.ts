/**
 * The join-rate matrix: runs each real-tracer app with its tracer's defaults (no debug logging)
 * through the CLI and prints, per tracer × version × log format × script, what reached the sink and
 * how many lines joined their span. Run: `npx tsx test/e2e/tracers/matrix.ts` (after `npm run build`).
 */
import path from 'node:path';
import { REPO_ROOT } from '../../helpers/collector';
import { Unavailable } from '../../helpers/tracers/cache';
import { joinStats, type JoinStats } from '../../helpers/tracers/joins';
import { allBuilds, type BuildName } from '../../helpers/tracers/prepare';
import { runScenario } from '../../helpers/tracers/scenario';

interface Run {
  build: BuildName;
  tracer: string;
  format: string;
  env?: Record<string, string>;
  /** Pipeline name → [script, how the table names it]. */
  scripts: Record<string, [string, string]>;
}

const SEED = path.join(REPO_ROOT, 'test/fixtures/seed/python-ddtrace.p');
const PY = { builtin: ['builtin:python-ddtrace', '`builtin:python-ddtrace`'], seed: [SEED, "the seed's own script"] } as Run['scripts'];
const GO = { builtin: ['builtin:go-ddtrace', '`builtin:go-ddtrace`'] } as Run['scripts'];
const JAVA = { builtin: ['builtin:java-logback', '`builtin:java-logback`'] } as Run['scripts'];

const RUNS: Run[] = [
  { build: 'python-current', tracer: 'Python ddtrace', format: 'the seed\'s `logging` format', scripts: PY },
  { build: 'python-decimal', tracer: 'Python ddtrace', format: 'the seed\'s `logging` format', scripts: PY },
  { build: 'go-v1', tracer: 'dd-trace-go v1', format: '`log.Printf("… %v", span)`', env: { LOG_FORMAT: 'span' }, scripts: GO },
  { build: 'go-v1', tracer: 'dd-trace-go v1', format: '`Context().TraceID()`/`SpanID()` with `%d`', env: { LOG_FORMAT: 'ids' }, scripts: GO },
  { build: 'go-v2', tracer: 'dd-trace-go v2', format: '`log.Printf("… %v", span)`', env: { LOG_FORMAT: 'span' }, scripts: GO },
  { build: 'go-v2', tracer: 'dd-trace-go v2', format: '`Context().TraceID()` (`%s`), `SpanID()` (`%d`)', env: { LOG_FORMAT: 'ids' }, scripts: GO },
  { build: 'java-current', tracer: 'dd-java-agent', format: 'logback MDC pattern', scripts: JAVA },
  { build: 'java-decimal', tracer: 'dd-java-agent', format: 'logback MDC pattern', scripts: JAVA },
];

function row(cells: (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

function statsCells(s: JoinStats): (string | number)[] {
  const pct = s.received ? Math.round((100 * s.joined) / s.received) : 0;
  const delay = s.delayMs ? `${(s.delayMs.median / 1000).toFixed(1)} s / ${(s.delayMs.max / 1000).toFixed(1)} s` : '–';
  return [s.idFormats.join(', '), s.wideTraces ? 'yes' : 'no', s.spans, `${s.received} of ${s.lines}`, `${s.joined} (${pct}%)`, delay];
}

async function main(): Promise<void> {
  const builds = allBuilds();
  const out = [
    row(['tracer', 'version', 'log format', 'script', 'trace id in the line', '`_dd.p.tid` sent', 'spans received', 'lines received', 'lines joined', 'line → its span at the sink (median / max)']),
    row(Array(10).fill('---')),
  ];
  for (const r of RUNS) {
    let app;
    try {
      app = await builds.get(r.build)!;
    } catch (err) {
      if (!(err instanceof Unavailable)) throw err;
      out.push(row([r.tracer, r.build, r.format, '', `skipped: ${err.message}`, '', '', '', '', '']));
      continue;
    }
    const o = await runScenario({ app, scripts: Object.fromEntries(Object.entries(r.scripts).map(([k, [s]]) => [k, s])), env: r.env, debug: false });
    for (const [name, [, label]] of Object.entries(r.scripts)) out.push(row([r.tracer, app.version, r.format, label, ...statsCells(joinStats(o, name))]));
    process.stderr.write(`${r.build} ${r.env?.LOG_FORMAT ?? ''} done\n`);
  }
  console.log(out.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
