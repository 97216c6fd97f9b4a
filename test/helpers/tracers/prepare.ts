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

let started: Map<BuildName, Promise<AppBuild>> | undefined;

/** Starts every build (once) and returns them by name. */
export function allBuilds(): Map<BuildName, Promise<AppBuild>> {
  if (!started) {
    started = new Map();
    for (const [name, make] of Object.entries(BUILDS) as [BuildName, () => Promise<AppBuild>][]) {
      const p = make();
      // Awaited later by its suite; until then a failure must not count as unhandled.
      p.catch(() => undefined);
      started.set(name, p);
    }
  }
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
    return await allBuilds().get(name)!;
  } catch (err) {
    if (err instanceof Unavailable) skipWith(ctx, err.message);
    throw err;
  }
}
