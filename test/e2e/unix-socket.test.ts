/**
 * Trace intake over a Unix domain socket, as in a pod where the bridge replaces the node's agent:
 * the real dd-trace tracer sends through `DD_TRACE_AGENT_URL=unix://…`, and, with no agent URL at
 * all, through the socket it finds by itself at /var/run/datadog/apm.socket. The CLI serves TCP
 * and the socket at once (two instances of the datadog receiver in one pipeline), replaces the
 * socket file a killed bridge left, refuses one a live bridge holds, and removes it on shutdown.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getOverSocket } from '../../src/net/testing';
import { REPO_ROOT, runCli, startCollector, writeConfig, type RunningCollector } from '../helpers/collector';
import { bridgeConfig } from '../helpers/bridge-config';
import { OtlpSink } from '../helpers/sink';
import { startTracedApp, stopTracedApp, type TracedApp } from '../helpers/traced-app';

const APP = path.join(REPO_ROOT, 'test/fixtures/datadog/traced-app.js');

interface Recorded {
  spanId: string;
  name: string;
}

/** TCP on a free port and a Unix socket, both feeding one traces pipeline. */
function config(sinkUrl: string, socket: string): string {
  return bridgeConfig({ sinkUrl, traces: true, batchTimeout: '20ms', traceReceivers: { 'datadog/uds': `    transport: unix\n    endpoint: ${JSON.stringify(socket)}\n` } });
}

/** Requests to the app, then waits until every span it finished is at the sink; returns them. */
async function traffic(app: TracedApp<Recorded>, sink: OtlpSink): Promise<Recorded[]> {
  for (let i = 0; i < 3; i++) assert.equal((await fetch(`${app.url}/price`)).status, 200);
  await sink.waitFor((s) => app.spans.length >= 9 && app.spans.every((r) => s.spans.some((x) => x.spanId === r.spanId)), 20000, 'every span the app finished');
  return app.spans;
}

async function acceptedBy(c: RunningCollector, receiver: string): Promise<number> {
  const text = await (await fetch(c.metricsUrl)).text();
  let n = 0;
  for (const m of text.matchAll(/^otelcol_receiver_accepted_spans_total\{([^}]*)\} (\d+)/gm)) if (m[1].includes(`receiver="${receiver}"`)) n += Number(m[2]);
  return n;
}

/** Whether this machine lets an unprivileged test give a process its own view of /run (a mount namespace). */
function canRemountRun(): boolean {
  const r = spawnSync('unshare', ['--mount', '--map-root-user', 'sh', '-c', 'mount --bind "$0" /run', tmpdir()], { stdio: 'ignore' });
  return r.status === 0;
}

describe('datadog receiver over a Unix socket: real dd-trace → CLI → OTLP sink', function () {
  this.timeout(90000);
  let dir: string;
  let sink: OtlpSink;
  const collectors: RunningCollector[] = [];
  const apps: TracedApp<Recorded>[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ddob-uds-'));
    sink = await OtlpSink.start();
  });
  afterEach(async () => {
    for (const a of apps.splice(0)) await stopTracedApp(a);
    for (const c of collectors.splice(0)) await c.stop();
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('with DD_TRACE_AGENT_URL=unix://…: every span arrives through the socket, answered as the agent answers', async () => {
    const socket = path.join(dir, 'apm.socket');
    const c = await startCollector(config(sink.url, socket));
    collectors.push(c);
    assert.equal(c.address('datadog/uds'), socket);
    assert.equal(statSync(socket).mode & 0o777, 0o722);
    const info = JSON.parse((await getOverSocket(socket, '/info')).body) as { config: { receiver_socket: string; receiver_port: number } };
    assert.deepEqual([info.config.receiver_socket, info.config.receiver_port], [socket, 0]);

    const app = await startTracedApp<Recorded>(APP, { DD_SERVICE: 'uds-app', DD_TRACE_AGENT_URL: `unix://${socket}`, DD_TRACE_DEBUG: 'true', DD_TRACE_LOG_LEVEL: 'debug' });
    apps.push(app);
    const spans = await traffic(app, sink);
    assert.equal(sink.spans.length, spans.length, 'each span once');
    assert.equal(await acceptedBy(c, 'datadog/uds'), spans.length);
    assert.equal(await acceptedBy(c, 'datadog'), 0);
    assert.match(app.stdout() + app.stderr(), /Response from the agent: \{"rate_by_service"/);
  });

  it('with no agent settings at all: the tracer finds /var/run/datadog/apm.socket by itself (its own view of /run)', async function () {
    // dd-trace checks fs.existsSync('/var/run/datadog/apm.socket'): a fixed path that only root may
    // create. A mount namespace gives the app a private /run backed by a temp dir instead.
    if (!canRemountRun()) this.skip(); // no user/mount namespaces here (unshare refused): the explicit-URL test covers the socket
    const run = path.join(dir, 'run');
    mkdirSync(path.join(run, 'datadog'), { recursive: true });
    const socket = path.join(run, 'datadog', 'apm.socket');
    const c = await startCollector(config(sink.url, socket));
    collectors.push(c);
    const app = await startTracedApp<Recorded>(APP, { DD_SERVICE: 'auto-detected' }, {
      argv: ['unshare', '--mount', '--map-root-user', 'sh', '-c', 'mount --bind "$0" /run && exec "$1" "$2"', run, process.execPath, APP],
    });
    apps.push(app);
    const spans = await traffic(app, sink);
    assert.equal(await acceptedBy(c, 'datadog/uds'), spans.length, 'every span came through the socket');
    assert.equal(await acceptedBy(c, 'datadog'), 0);
    assert.ok(sink.spans.every((s) => s.resource.attributes['service.name'] === 'auto-detected'));
  });

  it("replaces the socket a killed bridge left, refuses to start on one a live bridge holds, and removes it on shutdown", async () => {
    const socket = path.join(dir, 'apm.socket');
    const yaml = config(sink.url, socket);
    const killed = await startCollector(yaml);
    killed.child.kill('SIGKILL');
    await killed.waitForExit();
    assert.ok(statSync(socket).isSocket(), 'a killed bridge leaves its socket file');

    const live = await startCollector(yaml);
    collectors.push(live);
    assert.equal(live.address('datadog/uds'), socket);

    const second = await runCli(['--config', writeConfig(yaml)]);
    assert.equal(second.code, 1);
    assert.match(second.stderr, new RegExp(`receiver \\\\"datadog/uds\\\\" failed to start: cannot listen on unix socket ${socket}: another process is listening on it`));
    assert.equal((await getOverSocket(socket, '/info')).status, 200, 'the live bridge still serves its socket');

    assert.equal(await live.stop(), 0);
    collectors.pop();
    assert.equal(existsSync(socket), false, 'the socket file is removed on shutdown');
  });
});
