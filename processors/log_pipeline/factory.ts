/** Factory of the `log_pipeline` processor: loads and compiles the scripts, reporting problems as config issues. */
import { defineProcessor } from '../../src/component/component';
import type { ConfigIssue } from '../../src/config/issue';
import { forSignal } from '../../src/processorhelper/signal';
import { budgetReport } from './budget';
import { config, scriptServices, type Config, type ScriptSource } from './config';
import { LogPipelineProcessor, type Route } from './processor';
import { compileSource, loadSource } from './scripts';
import { UTC_NAMES } from '../../src/lang/time/zone';

function sourceIssues(src: ScriptSource, path: string, required: boolean): ConfigIssue[] {
  const n = (src.script !== undefined ? 1 : 0) + (src.script_file !== undefined ? 1 : 0);
  if (n === 2) return [{ path, message: 'set either script or script_file, not both' }];
  if (n === 0 && required) return [{ path, message: 'needs a script: set script (text or builtin:NAME, for example builtin:python-ddtrace) or script_file' }];
  return [];
}

/** Loads and compiles every script the config names; problems become config issues with their key. */
function compileAll(cfg: Config): { routes: Route[]; issues: ConfigIssue[] } {
  const { services, issues } = scriptServices(cfg);
  const routes: Route[] = [];
  const add = (src: ScriptSource, path: string, route: Omit<Route, 'script'>) => {
    try {
      routes.push({ ...route, script: compileSource(loadSource(src), cfg.timezone, { ...services, matchBudgetMs: cfg.match_budget }) });
    } catch (err) {
      issues.push({ path, message: (err as Error).message });
    }
  };
  if (cfg.timezone !== undefined && !UTC_NAMES.has(cfg.timezone)) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: cfg.timezone });
    } catch {
      issues.push({ path: 'timezone', message: `unknown time zone "${cfg.timezone}" (use an IANA name such as "Asia/Shanghai" or "UTC")` });
      return { routes, issues };
    }
  }
  issues.push(...sourceIssues(cfg, '', cfg.rules.length === 0));
  cfg.rules.forEach((r, i) => {
    const path = `rules::${i}`;
    const own = sourceIssues(r, path, true);
    let pattern: RegExp | undefined;
    try {
      pattern = new RegExp(r.pattern);
    } catch (err) {
      own.push({ path: `${path}::pattern`, message: `not a valid regular expression: ${(err as Error).message}` });
    }
    issues.push(...own);
    if (own.length === 0) add(r, path, { attribute: r.attribute, pattern });
  });
  if (issues.length === 0 && (cfg.script !== undefined || cfg.script_file !== undefined)) add(cfg, '', {});
  return { routes, issues };
}

/**
 * What `validate` compiled, kept for the `create` that follows it: scripts (and the databases and
 * tables they use) are loaded once at startup. Taken, not shared: a second pipeline naming the same
 * processor compiles its own, so no two instances share a script's cache or windows.
 */
const validated = new WeakMap<Config, Route[]>();

export const factory = defineProcessor({
  type: 'log_pipeline',
  stability: 'alpha',
  signals: ['logs'],
  config,
  validate: (cfg) => {
    const { routes, issues } = compileAll(cfg);
    if (issues.length === 0) validated.set(cfg, routes);
    return issues;
  },
  extensionRefs: (cfg) => (cfg.trace_index === undefined ? [] : [{ path: 'trace_index', id: cfg.trace_index }]),
  create: forSignal('logs', (set, cfg: Config, next) => {
    let routes = validated.get(cfg);
    validated.delete(cfg);
    if (!routes) {
      const compiled = compileAll(cfg);
      if (compiled.issues.length) throw new Error(compiled.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
      routes = compiled.routes;
    }
    return new LogPipelineProcessor(next, routes, set, cfg.trace_index, budgetReport(set, cfg.match_budget), cfg.point_windows);
  }),
});
