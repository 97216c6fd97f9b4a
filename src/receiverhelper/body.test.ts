import assert from 'node:assert/strict';
import { deflateSync, gzipSync } from 'node:zlib';
import type { IncomingMessage } from 'node:http';
import { collected } from '../../test/helpers/gc';
import { HttpListener } from '../net/server';
import { BodyError, mediaType, readBody } from './body';

/** A server that reads the body under a 1000-byte cap and answers its length (or the error). */
async function start(): Promise<{ url: string; listener: HttpListener; types: string[] }> {
  const listener = new HttpListener();
  const types: string[] = [];
  const address = await listener.start('127.0.0.1:0', (req, res) => {
    types.push(mediaType(req));
    readBody(req, { maxBodyBytes: 1000 }).then(
      (b) => res.end(`${b.length}:${b.subarray(0, 5).toString()}`),
      (e: BodyError) => res.writeHead(e.status).end(e.message),
    );
  });
  return { url: `http://${address}/`, listener, types };
}

async function post(url: string, body: Buffer | string, headers: Record<string, string> = {}) {
  const r = await fetch(url, { method: 'POST', body, headers });
  return [r.status, await r.text()];
}

describe('readBody', () => {
  let s: Awaited<ReturnType<typeof start>>;
  beforeEach(async () => (s = await start()));
  afterEach(() => s.listener.stop());

  it('inflates gzip (and its alias x-gzip) and deflate; identity and no encoding pass through', async () => {
    const text = Buffer.from('hello world');
    assert.deepEqual(await post(s.url, gzipSync(text), { 'content-encoding': 'gzip' }), [200, '11:hello']);
    assert.deepEqual(await post(s.url, gzipSync(text), { 'content-encoding': 'X-Gzip ' }), [200, '11:hello']);
    assert.deepEqual(await post(s.url, deflateSync(text), { 'content-encoding': 'deflate' }), [200, '11:hello']);
    assert.deepEqual(await post(s.url, text, { 'content-encoding': 'identity' }), [200, '11:hello']);
    assert.deepEqual(await post(s.url, text), [200, '11:hello']);
  });

  it('lets go of the body it read while the request waits for its answer', async () => {
    // A receiver answers after the export; the request (and its listeners) live until then.
    const listener = new HttpListener();
    const readAndLetGo = async (req: IncomingMessage) => new WeakRef(await readBody(req, { maxBodyBytes: 1 << 20 }));
    const address = await listener.start('127.0.0.1:0', (req, res) => {
      void readAndLetGo(req)
        .then(collected)
        .then((gone) => res.end(String(gone)));
    });
    try {
      // One chunk, which the body is; and several, which it is copied from.
      for (const size of [2000, 300_000]) assert.deepEqual(await post(`http://${address}/`, Buffer.alloc(size, 7)), [200, 'true'], `${size} bytes`);
    } finally {
      await listener.stop();
    }
  });

  it('reads an empty body as empty whatever its encoding says', async () => {
    assert.deepEqual(await post(s.url, '', { 'content-encoding': 'gzip' }), [200, '0:']);
    assert.deepEqual(await post(s.url, ''), [200, '0:']);
  });

  it('says which encoding could not be decompressed', async () => {
    const [status, text] = await post(s.url, gzipSync('x'), { 'content-encoding': 'deflate' });
    assert.equal(status, 400);
    assert.match(String(text), /^cannot decompress the deflate body: /);
  });

  it('takes the media type without parameters, in lower case', async () => {
    await post(s.url, 'x', { 'content-type': 'Application/JSON; charset=utf-8' });
    assert.deepEqual(s.types, ['application/json']);
  });
});
