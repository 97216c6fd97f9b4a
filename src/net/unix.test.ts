/** The Unix socket transport of HttpListener with real sockets and a real dead process's leftovers. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HttpListener } from './server';
import { getOverSocket as get } from './testing';

/** A process that listens on `socketPath` and is then killed with SIGKILL: it leaves the socket file behind. */
function leaveStaleSocket(socketPath: string): Promise<void> {
  const script = `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => process.kill(process.pid, 'SIGKILL'))`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the child exited with ${signal}`))));
  });
}

describe('HttpListener over a Unix socket (transport: unix)', () => {
  let dir: string;
  const listeners: HttpListener[] = [];
  const listener = (opts: ConstructorParameters<typeof HttpListener>[0] = {}) => {
    const l = new HttpListener({ transport: 'unix', ...opts });
    listeners.push(l);
    return l;
  };
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'ddob-uds-'))));
  afterEach(async () => {
    await Promise.all(listeners.splice(0).map((l) => l.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves over the socket file with the agent's mode 0722, reports the path as its address, and removes the file on stop", async () => {
    const sock = path.join(dir, 'apm.socket');
    const l = listener();
    assert.equal(await l.start(sock, (req, res) => res.end(`hi ${req.url}`)), sock);
    assert.equal(l.address(), sock);
    assert.equal(l.tcpAddress(), undefined);
    assert.ok(statSync(sock).isSocket());
    assert.equal(statSync(sock).mode & 0o777, 0o722);
    assert.deepEqual(await get(sock, '/info'), { status: 200, body: 'hi /info' });
    await l.stop();
    assert.equal(existsSync(sock), false, 'the socket file is gone after stop');
    assert.equal(l.address(), undefined);
  });

  it('sets a configured mode', async () => {
    const sock = path.join(dir, 'otlp.sock');
    await listener({ socketMode: 0o770 }).start(sock, (_req, res) => res.end());
    assert.equal(statSync(sock).mode & 0o777, 0o770);
  });

  it('replaces the socket file a killed process left behind', async () => {
    const sock = path.join(dir, 'apm.socket');
    await leaveStaleSocket(sock);
    assert.ok(statSync(sock).isSocket(), 'the dead process left its socket file');
    await listener().start(sock, (_req, res) => res.end('new owner'));
    assert.equal((await get(sock)).body, 'new owner');
  });

  it('refuses a socket another process is listening on, naming it, and leaves that listener serving', async () => {
    const sock = path.join(dir, 'apm.socket');
    const first = listener();
    await first.start(sock, (_req, res) => res.end('first'));
    const second = listener();
    await assert.rejects(second.start(sock, (_req, res) => res.end('second')), {
      message: `cannot listen on unix socket ${sock}: another process is listening on it (stop that process or choose another endpoint)`,
    });
    assert.equal((await get(sock)).body, 'first');
    assert.equal(second.address(), undefined);
  });

  it('refuses a path that holds a regular file, and leaves the file as it was', async () => {
    const file = path.join(dir, 'apm.socket');
    writeFileSync(file, 'not a socket');
    await assert.rejects(listener().start(file, (_req, res) => res.end()), /the path exists and is not a socket/);
    assert.equal(readFileSync(file, 'utf8'), 'not a socket');
  });

  it('says so when the directory does not exist', async () => {
    const sock = path.join(dir, 'missing', 'apm.socket');
    await assert.rejects(listener().start(sock, (_req, res) => res.end()), { message: `cannot listen on unix socket ${sock}: its directory does not exist` });
  });
});
