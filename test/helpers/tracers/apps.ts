/**
 * The real-tracer fixture apps (`test/fixtures/apps/`) and how each is built from its registry into
 * the cache: Python + ddtrace from PyPI, Go + dd-trace-go from the Go module proxy, Java +
 * dd-java-agent from Maven Central. Versions are pinned here (Go's in each app's go.mod).
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../collector';
import { Unavailable, cached, fetchStep, inputsHash, lastLine, run } from './cache';

export type Tracer = 'python' | 'go' | 'java';

/** A built app: how to start it, and the tracer it carries. */
export interface AppBuild {
  tracer: Tracer;
  /** The tracer's version as its users name it (`2.11.8`, `v1.74.8`). */
  version: string;
  /** argv that starts the app; it prints `LISTENING <port>` once it serves. */
  argv: string[];
  /** Whether this call built it (false: taken from the cache). */
  built: boolean;
}

export const FLASK = '3.1.3';
/** The current release, and the last 2.x that writes decimal low-64 trace ids into log lines. */
export const DDTRACE_PY = { current: '4.16.0', decimalLow64: '2.11.8' } as const;
/** The current release, and a 1.4x before 1.48 (decimal low-64 trace ids in the MDC). */
export const DD_JAVA_AGENT = { current: '1.68.1', decimalLow64: '1.45.2' } as const;
export const GO_APPS = { v1: 'test/fixtures/apps/go-v1', v2: 'test/fixtures/apps/go-v2' } as const;
/** The routes and server both Go apps share (a local module each go.mod replaces). */
const GO_COMMON = ['test/fixtures/apps/go-common/go.mod', 'test/fixtures/apps/go-common/serve.go'];

const APPS = path.join(REPO_ROOT, 'test/fixtures/apps');

async function pythonVersion(): Promise<string> {
  const r = await run('python3', ['--version']);
  if (r.code !== 0) throw new Unavailable(`python3 does not run: ${lastLine(r)}`);
  return r.stdout.trim() || r.stderr.trim();
}

/** The seed's Flask app under `ddtrace-run`, in a venv with `ddtrace==version` from PyPI. */
export async function pythonApp(version: string): Promise<AppBuild> {
  const py = await pythonVersion();
  const name = `python-ddtrace-${version}-${inputsHash([], [py, FLASK])}`;
  const { dir, built } = await cached(name, async (d) => {
    await fetchStep(`python3 -m venv (${py}) failed`, 'python3', ['-m', 'venv', d]);
    await fetchStep(
      `pip could not install ddtrace==${version} flask==${FLASK} from PyPI`,
      path.join(d, 'bin/pip'),
      ['install', '--disable-pip-version-check', '--no-input', '--quiet', `ddtrace==${version}`, `flask==${FLASK}`],
    );
  });
  return { tracer: 'python', version, argv: [path.join(dir, 'bin/ddtrace-run'), path.join(dir, 'bin/python'), path.join(APPS, 'python/log_connect_trace.py')], built };
}

/** `go1.26.8` → [1, 26]. */
function goMinor(v: string): [number, number] {
  const m = /go(\d+)\.(\d+)/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/** The net/http app of `test/fixtures/apps/go-<major>`, built with the dd-trace-go its go.mod pins. */
export async function goApp(major: keyof typeof GO_APPS): Promise<AppBuild> {
  const rel = GO_APPS[major];
  const src = path.join(REPO_ROOT, rel);
  const mod = readFileSync(path.join(src, 'go.mod'), 'utf8');
  const version = /DataDog\/dd-trace-go(?:\.v1|\/v2) (v\S+)/.exec(mod)![1];
  const wants = /^go (\d+\.\d+)/m.exec(mod)![1];
  const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly -buildvcs=false' };
  const gv = await run('go', ['env', 'GOVERSION'], { env });
  const have = gv.stdout.trim();
  const [wMaj, wMin] = wants.split('.').map(Number);
  const [hMaj, hMin] = goMinor(have);
  if (gv.code !== 0 || hMaj < wMaj || (hMaj === wMaj && hMin < wMin)) throw new Unavailable(`go ${wants} or later is needed for ${rel}, found ${have || lastLine(gv)}`);
  const sources = [`${rel}/go.mod`, `${rel}/go.sum`, `${rel}/main.go`, ...GO_COMMON];
  const name = `go-${major}-${version}-${inputsHash(sources, [have])}`;
  const { dir, built } = await cached(name, async (d) => {
    // Loading the package graph downloads exactly the modules the build needs; compiling is separate,
    // so a registry failure skips while a compile error fails.
    await fetchStep(`go could not fetch the modules of ${rel} from the Go module proxy`, 'go', ['list', '-deps', '.'], { cwd: src, env });
    const b = await run('go', ['build', '-o', path.join(d, 'app'), '.'], { cwd: src, env });
    if (b.code !== 0) throw new Error(`go build in ${rel} failed:\n${b.stderr}`);
  });
  return { tracer: 'go', version, argv: [path.join(dir, 'app')], built };
}

/** The JDK HttpServer + logback app, compiled once; its libraries come from Maven Central. */
async function javaAppClasses(): Promise<{ dir: string; built: boolean }> {
  const jv = await run('java', ['-version']);
  if (jv.code !== 0) throw new Unavailable(`java does not run: ${lastLine(jv)}`);
  for (const tool of ['javac', 'mvn']) await run(tool, ['-version']);
  const javaVersion = lastLine({ ...jv, stdout: '' });
  const name = `java-app-${inputsHash(['test/fixtures/apps/java/App.java', 'test/fixtures/apps/java/pom.xml', 'test/fixtures/apps/java/logback.xml'], [javaVersion])}`;
  return cached(name, async (d) => {
    const src = path.join(APPS, 'java');
    await fetchStep('mvn could not fetch the app\'s libraries (logback, dd-trace-api) from Maven Central', 'mvn', [
      '-q', '-B', '-f', path.join(src, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${path.join(d, 'lib')}`,
    ]);
    mkdirSync(path.join(d, 'classes'));
    const c = await run('javac', ['-d', path.join(d, 'classes'), '-cp', path.join(d, 'lib/*'), path.join(src, 'App.java')]);
    if (c.code !== 0) throw new Error(`javac App.java failed:\n${c.stderr}`);
    copyFileSync(path.join(src, 'logback.xml'), path.join(d, 'classes/logback.xml'));
  });
}

/** The Java app under `-javaagent:dd-java-agent-<version>.jar` from Maven Central. */
export async function javaApp(version: string): Promise<AppBuild> {
  const app = await javaAppClasses();
  const agent = await cached(`dd-java-agent-${version}`, async (d) => {
    await fetchStep(`mvn could not fetch com.datadoghq:dd-java-agent:${version} from Maven Central`, 'mvn', [
      '-q', '-B', 'dependency:copy', `-Dartifact=com.datadoghq:dd-java-agent:${version}`, `-DoutputDirectory=${d}`, '-Dmdep.stripVersion=true',
    ]);
  });
  return {
    tracer: 'java',
    version,
    argv: ['java', `-javaagent:${path.join(agent.dir, 'dd-java-agent.jar')}`, '-cp', `${path.join(app.dir, 'classes')}:${path.join(app.dir, 'lib/*')}`, 'App'],
    built: app.built || agent.built,
  };
}
