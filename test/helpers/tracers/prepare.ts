/**
 * The apps of the real-tracer suites, built concurrently on first demand (a clean checkout pays the
 * downloads and compiles once, overlapped); each suite awaits its own and, where this machine lacks
 * a toolchain or a registry, skips with one line saying what is missing.
 */
import { DDTRACE_PY, DD_JAVA_AGENT, goApp, javaApp, pythonApp, type AppBuild } from './apps';
import { Unavailable } from './cache';

export const BUILDS = {
  'python-current': () => pythonApp(DDTRACE_PY.current),
  'python-decimal': () => pythonApp(DDTRACE_PY.decimalLow64),
  'go-v1': () => goApp('v1'),
  'go-v2': () => goApp('v2'),
  'java-current': () => javaApp(DD_JAVA_AGENT.current),
  'java-decimal': () => javaApp(DD_JAVA_AGENT.decimalLow64),
};
export type BuildName = keyof typeof BUILDS;

const wanted = new Set<BuildName>();
const started = new Map<BuildName, Promise<AppBuild>>();

/**
 * Declares, when a suite file loads, the builds it will use: mocha loads every file before the
 * first test, so the first build a suite awaits starts all the builds of this run, and only those.
 */
export function willUse(...names: BuildName[]): void {
  for (const n of names) wanted.add(n);
}

function start(name: BuildName): Promise<AppBuild> {
  let p = started.get(name);
  if (!p) {
    const t0 = Date.now();
    p = BUILDS[name]().then((b) => {
      if (b.built) console.log(`      built ${name} (${b.tracer} ${b.version}) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      return b;
    });
    // Awaited later by its suite; until then a failure must not count as unhandled.
    p.catch(() => undefined);
    started.set(name, p);
  }
  return p;
}

/** The build `name`, started (once) together with every declared build. */
export function build(name: BuildName): Promise<AppBuild> {
  for (const n of wanted) start(n);
  return start(name);
}

/** Starts every build (once) and returns them by name. */
export function allBuilds(): Map<BuildName, Promise<AppBuild>> {
  for (const n of Object.keys(BUILDS) as BuildName[]) start(n);
  return started;
}

/** Skips a suite (from its `before`) or a test, printing the reason in the test report. */
export function skipWith(ctx: Mocha.Context, reason: string): never {
  console.log(`      skipped: ${reason}`);
  ctx.skip();
}

/** For a suite's `before`: the built app, or a skip that says what this machine lacks. */
export async function appOrSkip(ctx: Mocha.Context, name: BuildName): Promise<AppBuild> {
  try {
    return await build(name);
  } catch (err) {
    if (err instanceof Unavailable) skipWith(ctx, err.message);
    throw err;
  }
}
