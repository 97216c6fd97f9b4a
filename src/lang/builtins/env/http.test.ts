// http_request() through the worker-backed requester, against a real HTTP server on 127.0.0.1.
// The server runs in a child process: the calling thread waits for the request, so a server in
// this process could not answer.

import * as assert from 'node:assert/strict';
import { compileScript, formatDiagnostics } from '../../index';
import { httpRequester } from './http';
import { serveInChild } from './testing';

const SERVER = `
const http = require('node:http');
const s = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    if (req.url === '/slow') { setTimeout(() => res.end('late'), 3000); return; }
    res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ method: req.method, url: req.url, auth: req.headers['x-auth'] ?? null, body }));
  });
});
s.listen(0, '127.0.0.1', () => process.stdout.write(String(s.address().port) + '\\n'));
`;

describe('http_request', () => {
  let server: Awaited<ReturnType<typeof serveInChild>>;
  let base: string;
  before(async () => {
    server = await serveInChild(SERVER);
    base = server.base;
  });
  after(() => server.close());

  function run(src: string, opts: Parameters<typeof httpRequester>[0] | ReturnType<typeof httpRequester> = { timeoutMs: 5000 }) {
    const http = 'request' in opts ? opts : httpRequester(opts);
    const { script, diagnostics } = compileScript(src.replaceAll('BASE', base), { name: 't.p', http });
    assert.ok(script, formatDiagnostics(diagnostics, src));
    return script.run({ message: 'x' });
  }

  it('GET: status and body, usable with load_json', () => {
    const r = run('resp = http_request("GET", "BASE/testResp")\nb = load_json(resp["body"])\nadd_key(code, resp["status_code"])\nadd_key(url, b["url"])');
    assert.equal(r.error, undefined, r.error);
    assert.deepEqual([r.fields.code, r.fields.url], [200n, '/testResp']);
  });

  it('POST with headers and a map body sent as JSON', () => {
    const r = run('resp = http_request("POST", "BASE/p", {"x-auth": "t", "n": 1}, {"a": 1})\nb = load_json(resp["body"])\nadd_key(auth, b["auth"])\nadd_key(body, b["body"])\nadd_key(method, b["method"])');
    assert.deepEqual([r.fields.auth, r.fields.body, r.fields.method], ['t', '{"a":1}', 'POST']);
  });

  it('a non-2xx answer is still an answer', () => {
    assert.equal(run('add_key(c, http_request("GET", "BASE/missing")["status_code"])').fields.c, 404n);
  });

  it('a timeout gives nil, within the bound', () => {
    const t0 = Date.now();
    const r = run('add_key(r, http_request("GET", "BASE/slow"))', { timeoutMs: 300 });
    assert.equal(r.fields.r, null);
    assert.ok(Date.now() - t0 < 2900, 'returned before the server answered');
  });

  it('hosts outside allowed_hosts and non-HTTP URLs give nil without a request', () => {
    assert.equal(run('add_key(r, http_request("GET", "BASE/x"))', { timeoutMs: 1000, allowedHosts: ['example.internal'] }).fields.r, null);
    assert.equal(run('add_key(r, http_request("GET", "file:///etc/passwd"))').fields.r, null);
  });

  it('the next request after a timeout gets its own answer, not the late one', () => {
    const http = httpRequester({ timeoutMs: 1500 });
    run('http_request("GET", "BASE/slow")', http);
    const r = run('add_key(u, load_json(http_request("GET", "BASE/second")["body"])["url"])', http);
    assert.equal(r.fields.u, '/second');
  });
});
