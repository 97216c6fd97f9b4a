/**
 * The production install, from the committed tree (git archive of HEAD, as a clean clone has it):
 * `npm ci --omit=dev` installs no TypeScript and still succeeds, the bin explains a missing build,
 * and with a prebuilt dist/ added the shipped config.yaml starts healthy. The Dockerfile's build
 * steps run as plain shell in a temp dir (Docker cannot run here) and the image's tree starts
 * healthy the same way, as the non-root user with `node` as the entrypoint.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/collector';
import { buildStages, parseDockerfile } from '../helpers/dockerfile';
import { OtlpSink } from '../helpers/sink';

/** Env that puts every listener of config.yaml on a free loopback port and the socket in `dir`. */
function localEnv(dir: string, sinkUrl: string): NodeJS.ProcessEnv {
  return {
    DD_BRIDGE_TRACE_ENDPOINT: '127.0.0.1:0',
    DD_BRIDGE_TRACE_SOCKET: path.join(dir, 'apm.socket'),
    DD_BRIDGE_HEALTH_ENDPOINT: '127.0.0.1:0',
    DD_BRIDGE_METRICS_ADDRESS: '127.0.0.1:0',
    OTLP_ENDPOINT: sinkUrl,
    APP_LOG_GLOB: path.join(dir, 'logs', '*.log'),
  };
}

/**
 * Starts `argv` in `cwd` and checks what an operator checks: health_check answers 200, and a span
 * sent to the TCP intake reaches the backend; then SIGTERM, exit 0.
 */
async function startsHealthy(argv: string[], cwd: string, env: NodeJS.ProcessEnv, sink: OtlpSink): Promise<void> {
  const child = spawn(argv[0], argv.slice(1), { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  try {
    const addr = async (id: string) => {
      const deadline = Date.now() + 30000;
      for (;;) {
        const m = new RegExp(`"id":"${id.replace('/', '\\/')}","address":"([^"]+)"`).exec(err);
        if (m) return m[1];
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no address for ${id}; stderr:\n${err}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const health = await addr('health_check');
    const deadline = Date.now() + 30000;
    while ((await fetch(`http://${health}/`).then((r) => r.status, () => 0)) !== 200) {
      if (Date.now() > deadline) throw new Error(`not healthy; stderr:\n${err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const body = JSON.stringify([[{ trace_id: 5, span_id: 6, parent_id: 0, name: 'op', resource: 'r', service: 'svc', start: 1700000000000000000, duration: 10 }]]);
    const res = await fetch(`http://${await addr('datadog')}/v0.4/traces`, { method: 'PUT', body, headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 200, await res.text());
    await sink.waitFor((s) => s.spans.some((x) => x.spanId === '0000000000000006'), 20000, 'the span at the backend');
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0, err);
}

describe('production install and container build, from the committed tree', function () {
  this.timeout(600000);
  let work: string;
  let archive: string;
  let sink: OtlpSink;
  /** npm reads the local cache first: the packages are those the lock file names, already fetched once. */
  const npmEnv = { npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' };

  before(() => {
    work = mkdtempSync(path.join(tmpdir(), 'ddob-prod-'));
    archive = path.join(work, 'archive');
    mkdirSync(archive);
    execFileSync('sh', ['-c', `git -C "${REPO_ROOT}" archive HEAD | tar -x -C "${archive}"`]);
  });
  beforeEach(async () => (sink = await OtlpSink.start()));
  afterEach(() => sink.close());
  after(() => rmSync(work, { recursive: true, force: true }));

  it('npm ci --omit=dev succeeds without TypeScript; with a prebuilt dist/ added, node bin/dd-otel-bridge.js runs config.yaml healthy', async () => {
    const clone = path.join(work, 'clone');
    cpSync(archive, clone, { recursive: true });
    const ci = spawnSync('npm', ['ci', '--omit=dev'], { cwd: clone, env: { ...process.env, ...npmEnv }, encoding: 'utf8' });
    assert.equal(ci.status, 0, ci.stderr);
    assert.match(ci.stderr, /dist\/ is missing and TypeScript is not installed \(a production install\)/, 'prepare says why it did not build');
    for (const dev of ['typescript', 'tsx', 'mocha', 'dd-trace']) assert.equal(existsSync(path.join(clone, 'node_modules', dev)), false, dev);

    const bare = spawnSync(process.execPath, ['bin/dd-otel-bridge.js', '--config', 'config.yaml'], { cwd: clone, encoding: 'utf8' });
    assert.equal(bare.status, 1);
    assert.match(bare.stderr, /dist\/src\/main\.js is missing: run "npm run build" \(needs the dev dependencies\), or copy a prebuilt dist\//);

    cpSync(path.join(REPO_ROOT, 'dist'), path.join(clone, 'dist'), { recursive: true });
    await startsHealthy([process.execPath, 'bin/dd-otel-bridge.js', '--config', 'config.yaml'], clone, localEnv(clone, sink.url), sink);
  });

  it("the Dockerfile's steps build an image tree that runs config.yaml healthy as a non-root user, exposing only health_check", async () => {
    const df = parseDockerfile(readFileSync(path.join(archive, 'Dockerfile'), 'utf8'));
    const context = path.join(work, 'context');
    cpSync(archive, context, { recursive: true });
    for (const line of readFileSync(path.join(archive, '.dockerignore'), 'utf8').split('\n')) {
      const name = line.trim();
      if (name && !name.startsWith('#') && !name.includes('*')) rmSync(path.join(context, name), { recursive: true, force: true });
    }
    const stages = buildStages(df, context, path.join(work, 'stages'), npmEnv);
    const image = [...stages.values()].pop()!;
    assert.match(df.stages.at(-1)!.from, /^node:\d+-bookworm-slim$/, 'a Node LTS slim base');
    assert.ok(df.stages.length >= 2, 'multi-stage');
    assert.match(image.user ?? '', /^[1-9]\d*:[1-9]\d*$/, 'a numeric non-root user, which runAsNonRoot can verify');
    assert.deepEqual(image.entrypoint, ['node', 'bin/dd-otel-bridge.js'], 'node itself receives the signals');
    assert.deepEqual(image.expose, [13133]);
    assert.equal(image.env.DD_BRIDGE_HEALTH_ENDPOINT, '0.0.0.0:13133', 'the exposed port is the one health_check binds');
    const app = path.join(image.root, image.workdir);
    for (const dev of ['typescript', 'dd-trace']) assert.equal(existsSync(path.join(app, 'node_modules', dev)), false, dev);
    assert.equal(existsSync(path.join(app, 'dist', 'test')), false, 'no compiled tests in the image');
    assert.ok(statSync(path.join(image.root, 'var/run/datadog')).isDirectory());

    // The image's environment, with its absolute socket path moved under the image's root and its
    // fixed ports made free ones (this machine is shared).
    const env = { ...image.env, ...localEnv(app, sink.url), DD_BRIDGE_TRACE_SOCKET: path.join(image.root, image.env.DD_BRIDGE_TRACE_SOCKET) };
    const [cmd, ...args] = [...image.entrypoint!, ...image.cmd!];
    await startsHealthy([cmd === 'node' ? process.execPath : cmd, ...args], app, env, sink);
  });
});
