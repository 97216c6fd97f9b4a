/**
 * What operators rely on, with the real processes: SIGTERM to the bare bin and to `npm start`
 * (its whole process group, or npm alone) drains what was accepted to the backend and exits 0,
 * leaving no process behind, and `npm start` on a current build does not rebuild; a backend
 * outage is logged at warn once and its end at info, shows in /metrics and the health body, and
 * never fails the health check.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT, type LogLine } from '../helpers/collector';
import { OtlpSink } from '../helpers/sink';

interface Proc {
  child: ChildProcess;
  logs: LogLine[];
  stderr(): string;
  exited: Promise<number | null>;
  waitForLog(pred: (l: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  address(id: string): string;
}

/** Spawns a command whose stderr carries the bridge's JSON log lines; resolves once it is ready. */
async function launch(cmd: string, args: string[], opts: { cwd: string; detached?: boolean; env?: NodeJS.ProcessEnv }): Promise<Proc> {
  const child = spawn(cmd, args, { cwd: opts.cwd, detached: opts.detached, env: { ...process.env, npm_config_update_notifier: 'false', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: LogLine[] = [];
  let err = '';
  let partial = '';
  child.stdout!.resume();
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    const lines = (partial + d).split('\n');
    partial = lines.pop()!;
    for (const l of lines) {
      try {
        logs.push(JSON.parse(l));
      } catch {
        /* npm's own lines */
      }
    }
  });
  let done = false;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => ((done = true), r(code))));
  const waitForLog = async (pred: (l: LogLine) => boolean, what: string, timeoutMs = 20000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = logs.find(pred);
      if (hit) return hit;
      if (done || Date.now() > deadline) throw new Error(`no log line "${what}" (${done ? 'exited' : 'timed out'}); stderr:\n${err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const p: Proc = {
    child,
    logs,
    stderr: () => err,
    exited,
    waitForLog,
    address: (id) => logs.find((l) => l.address && (l.id === id || l.component === id))!.address!,
  };
  await waitForLog((l) => /^Everything is ready/.test(l.msg), 'ready', 60000);
  return p;
}

function config(sinkUrl: string, o: { batchTimeout?: string; retry?: string } = {}): string {
  return `receivers:
  datadog:
    endpoint: 127.0.0.1:0
processors:
  batch:
    timeout: ${o.batchTimeout ?? '3s'}
    send_batch_size: 10000
exporters:
  otlp_http:
    endpoint: ${sinkUrl}
${o.retry ?? ''}
extensions:
  health_check:
    endpoint: 127.0.0.1:0
service:
  extensions: [health_check]
  telemetry:
    metrics: { address: "127.0.0.1:0" }
  pipelines:
    traces:
      receivers: [datadog]
      processors: [batch]
      exporters: [otlp_http]
`;
}

/** One span as a v0.4 JSON body; resolves with the HTTP status once the bridge answers. */
async function postSpan(address: string, spanId: number): Promise<number> {
  const body = JSON.stringify([[{ trace_id: 7, span_id: spanId, parent_id: 0, name: 'op', resource: 'GET /x', service: 'svc', start: 1700000000000000000, duration: 1000 }]]);
  const res = await fetch(`http://${address}/v0.4/traces`, { method: 'PUT', body, headers: { 'content-type': 'application/json' } });
  await res.text();
  return res.status;
}

async function metric(p: Proc, name: string, labels: string): Promise<number | undefined> {
  const text = await (await fetch(`http://${p.address('telemetry')}/metrics`)).text();
  const m = new RegExp(`^${name}\\{[^}]*${labels}[^}]*\\} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

async function until(what: string, cond: () => Promise<boolean>, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Whether any process is left in the process group. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A span sits in the batch processor (its timeout not reached), accepted but not yet at the sink. */
async function spanInFlight(p: Proc, sink: OtlpSink): Promise<{ answered: Promise<number> }> {
  const answered = postSpan(p.address('datadog'), 4242);
  await until('the span in the batch', async () => (await metric(p, 'otelcol_processor_incoming_items_total', 'processor="batch"')) === 1);
  assert.equal(sink.spans.length, 0, 'not exported before the signal');
  return { answered };
}

async function checkDrained(p: Proc, sink: OtlpSink, answered: Promise<number>, code: number | null): Promise<void> {
  assert.equal(code, 0, p.stderr());
  assert.equal(await answered, 200, 'the sender got its answer');
  assert.deepEqual(sink.spans.map((s) => BigInt('0x' + s.spanId)), [4242n], 'the accepted span reached the backend');
  assert.ok(p.logs.some((l) => l.msg === 'Shutdown complete'));
  assert.ok(!p.logs.some((l) => /Second signal/.test(l.msg)), 'one SIGTERM delivered twice is one request');
}

describe('lifecycle end to end: signals, drain, backend outages', function () {
  this.timeout(120000);
  let sink: OtlpSink;
  const procs: Proc[] = [];
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'ddob-life-'));
    dirs.push(d);
    return d;
  };
  beforeEach(async () => (sink = await OtlpSink.start()));
  afterEach(async () => {
    for (const p of procs.splice(0)) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await sink.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('SIGTERM to the bare bin: the span accepted before the signal reaches the backend, exit 0', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'config.yaml'), config(sink.url));
    const p = await launch(process.execPath, [path.join(REPO_ROOT, 'bin/dd-otel-bridge.js'), '--config', 'config.yaml'], { cwd: dir });
    procs.push(p);
    const { answered } = await spanInFlight(p, sink);
    p.child.kill('SIGTERM');
    await checkDrained(p, sink, answered, await p.exited);
  });

  /** A package dir running the repo's own `start` scripts on a test config.yaml, with the repo's build and sources. */
  function npmStartDir(): string {
    const dir = tmp();
    writeFileSync(path.join(dir, 'package.json'), readFileSync(path.join(REPO_ROOT, 'package.json')));
    writeFileSync(path.join(dir, 'config.yaml'), config(sink.url));
    for (const name of ['bin', 'dist', 'node_modules', 'src', 'receivers', 'processors', 'exporters', 'extensions', 'tsconfig.json']) {
      symlinkSync(path.join(REPO_ROOT, name), path.join(dir, name));
    }
    return dir;
  }

  for (const target of ['its process group', 'npm alone'] as const) {
    it(`npm start on a current build starts without rebuilding; SIGTERM to ${target} drains and exits 0 with nothing left running`, async () => {
      const built = statSync(path.join(REPO_ROOT, 'dist/src/main.js')).mtimeMs;
      const p = await launch('npm', ['start'], { cwd: npmStartDir(), detached: true });
      procs.push(p);
      const pgid = p.child.pid!;
      assert.doesNotMatch(p.stderr(), /building with tsc/);
      assert.equal(statSync(path.join(REPO_ROOT, 'dist/src/main.js')).mtimeMs, built, 'dist/ was not rebuilt');
      const { answered } = await spanInFlight(p, sink);
      process.kill(target === 'npm alone' ? pgid : -pgid, 'SIGTERM');
      await checkDrained(p, sink, answered, await p.exited);
      await until('the process group to empty', async () => !groupAlive(pgid), 10000);
    });
  }

  it('an unreachable backend: warn once, retries go on, health stays 200 and shows it down, /metrics too; recovery at info', async () => {
    const reserved = await OtlpSink.start();
    const port = reserved.port;
    await reserved.close();
    const dir = tmp();
    const retry = '    retry_on_failure:\n      initial_interval: 50ms\n      max_interval: 100ms\n      max_elapsed_time: 0';
    writeFileSync(path.join(dir, 'config.yaml'), config(`http://127.0.0.1:${port}`, { batchTimeout: '20ms', retry }));
    const p = await launch(process.execPath, [path.join(REPO_ROOT, 'bin/dd-otel-bridge.js'), '--config', 'config.yaml'], { cwd: dir });
    procs.push(p);
    // The queue is in memory, so the tracer's request is answered once its span was exported.
    const answer = postSpan(p.address('datadog'), 99);
    await until('several retries', async () => ((await metric(p, 'otelcol_exporter_retries_total', 'exporter="otlp_http"')) ?? 0) >= 4);

    const warned = p.logs.filter((l) => l.msg === 'The backend is not accepting data; retrying');
    assert.equal(warned.length, 1, 'warned once, not per retry');
    assert.equal(warned[0].level, 40);
    assert.match(String(warned[0].err), /ECONNREFUSED/);
    const health = async () => {
      const res = await fetch(`http://${p.address('health_check')}/`);
      return { status: res.status, body: (await res.json()) as { status: string; exporters: Record<string, { backend: string; error?: string }> } };
    };
    const down = await health();
    assert.equal(down.status, 200, 'readiness stays up');
    assert.equal(down.body.status, 'Server available');
    assert.equal(down.body.exporters.otlp_http.backend, 'down');
    assert.match(down.body.exporters.otlp_http.error!, /ECONNREFUSED/);
    assert.equal(await metric(p, 'otelcol_exporter_backend_up', 'exporter="otlp_http"'), 0);

    const back = await OtlpSink.start({ port });
    try {
      const recovered = await p.waitForLog((l) => l.msg === 'The backend is accepting data again', 'recovery');
      assert.equal(recovered.level, 30);
      await back.waitFor((s) => s.spans.length === 1, 10000, 'the queued span');
      assert.equal(await answer, 200, 'answered after the export');
      assert.equal((await health()).body.exporters.otlp_http.backend, 'up');
      assert.equal(await metric(p, 'otelcol_exporter_backend_up', 'exporter="otlp_http"'), 1);
      p.child.kill('SIGTERM');
      assert.equal(await p.exited, 0);
    } finally {
      await back.close();
    }
  });
});
