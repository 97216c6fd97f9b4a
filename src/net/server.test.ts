import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http, { type Server } from 'node:http';
import { HttpListener, type ConnectionErrorReason } from './server';
import { sendRaw, trickle } from './testing';

/** A GET over a keep-alive agent, so the connection stays open after the answer. */
function get(agent: http.Agent, address: string, path = '/'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(`http://${address}${path}`, { agent }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

describe('HttpListener', () => {
  const errors: ConnectionErrorReason[] = [];
  let listener: HttpListener;
  afterEach(async () => {
    errors.length = 0;
    await listener.stop();
  });

  it('binds port 0, answers, and stops before start, once and twice', async () => {
    listener = new HttpListener();
    await listener.stop();
    const address = await listener.start('127.0.0.1:0', (_req, res) => res.end('hi'));
    assert.match(address, /^127\.0\.0\.1:\d+$/);
    assert.equal(listener.address(), address);
    assert.equal(await (await fetch(`http://${address}/`)).text(), 'hi');
    await listener.stop();
    await listener.stop();
    assert.equal(listener.address(), undefined);
  });

  it('keeps serving after its listening socket reports an error (EMFILE on accept), reporting it instead of throwing', async () => {
    const seen: string[] = [];
    listener = new HttpListener({ onError: (e) => seen.push(e.message), onConnectionError: (r) => errors.push(r) });
    const address = await listener.start('127.0.0.1:0', (_req, res) => res.end('ok'));
    const server = (listener as unknown as { server: Server }).server;
    const emfile = Object.assign(new Error('accept EMFILE'), { code: 'EMFILE' });
    for (let i = 0; i < 2; i++) assert.doesNotThrow(() => server.emit('error', emfile));
    assert.equal((await fetch(`http://${address}/`)).status, 200);
    assert.deepEqual(seen, ['accept EMFILE', 'accept EMFILE']);
    assert.deepEqual(errors, ['accept', 'accept']);
  });

  it('on stop, closes idle keep-alive connections at once and lets a request in flight finish with Connection: close', async () => {
    let release!: () => void;
    let arrived!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const inHandler = new Promise<void>((r) => (arrived = r));
    listener = new HttpListener();
    const address = await listener.start('127.0.0.1:0', (req, res) => {
      if (req.url !== '/slow') return void res.end('now');
      arrived();
      void held.then(() => res.end('late'));
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    try {
      assert.equal((await get(agent, address)).body, 'now'); // leaves an idle keep-alive socket
      const slow = get(agent, address, '/slow');
      await inHandler;
      const stopped = listener.stop();
      let done = false;
      void stopped.then(() => (done = true));
      await new Promise((r) => setImmediate(r));
      assert.equal(done, false, 'stop waits for the request in flight');
      release();
      const r = await slow;
      assert.deepEqual([r.status, r.body, r.headers.connection], [200, 'late', 'close']);
      const t0 = Date.now();
      await stopped;
      // Failure bound: an idle socket left open would hold stop() until Node's 5 s keep-alive timeout.
      assert.ok(Date.now() - t0 < 4000, `stop took ${Date.now() - t0} ms after the last answer`);
    } finally {
      agent.destroy();
    }
  });

  it('answers a request that does not arrive within read_timeout with 408 and closes it, counted as a timeout', async () => {
    listener = new HttpListener({ readTimeoutMs: 600, onConnectionError: (r) => errors.push(r) });
    const address = await listener.start('127.0.0.1:0', (req, res) => {
      req.resume();
      req.on('end', () => res.end('complete'));
    });
    const r = await trickle(address, { path: '/', everyMs: 50 });
    assert.equal(r.status, 408, r.text);
    assert.match(r.text, /Connection: close/);
    assert.match(r.text, /request not received within read_timeout \(600ms\)/);
    // Failure bounds only: the deadline is checked every 500 ms at most.
    assert.ok(r.elapsedMs >= 550 && r.elapsedMs < 600 + 1500, `cut after ${r.elapsedMs} ms`);
    assert.deepEqual(errors, ['timeout']);
  });

  it('answers an unparseable request 400 and counts it', async () => {
    listener = new HttpListener({ onConnectionError: (r) => errors.push(r) });
    const address = await listener.start('127.0.0.1:0', (_req, res) => res.end());
    const r = await sendRaw(address, 'NOT HTTP AT ALL\r\n\r\n');
    assert.equal(r.status, 400);
    assert.deepEqual(errors, ['malformed']);
  });

  it('listens with the configured backlog', async function () {
    let ss = '';
    try {
      ss = execFileSync('ss', ['-V'], { encoding: 'utf8' });
    } catch {
      // The backlog of a listening socket is visible only through the kernel's socket table.
      this.skip();
    }
    assert.ok(ss);
    listener = new HttpListener({ backlog: 37 });
    const address = await listener.start('127.0.0.1:0', (_req, res) => res.end());
    const port = address.split(':')[1];
    // For a listening socket, ss reports the backlog as Send-Q.
    const line = execFileSync('ss', ['-Hltn', `sport = :${port}`], { encoding: 'utf8' }).trim();
    assert.equal(line.split(/\s+/)[2], '37', line);
  });
});
