/** Test clients: ones that misbehave on purpose over a raw socket (what an HTTP library would not send), and one over a Unix socket. */
import http from 'node:http';
import net from 'node:net';
import { splitHostPort } from './listen';

export interface RawAnswer {
  /** 0 when the connection closed without an answer. */
  status: number;
  /** The whole answer as text (head and body). */
  text: string;
  /** From the first byte sent to the first byte of the answer (or to the close when there was none). */
  elapsedMs: number;
}

/**
 * Sends a request head announcing a large body, then one body byte every `everyMs` until the
 * server answers or closes: a slowloris client. Rejects only when nothing happens within `giveUpMs`.
 */
export function trickle(
  address: string,
  opts: { path: string; headers?: Record<string, string>; everyMs?: number; giveUpMs?: number },
): Promise<RawAnswer> {
  const head = Object.entries({ host: 'test', 'content-length': '1000000', ...opts.headers })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return rawExchange(address, `POST ${opts.path} HTTP/1.1\r\n${head}\r\n`, opts.everyMs ?? 100, opts.giveUpMs ?? 30_000);
}

/** Sends `bytes` as they are and returns the answer (a malformed request line, say). */
export function sendRaw(address: string, bytes: string, giveUpMs = 30_000): Promise<RawAnswer> {
  return rawExchange(address, bytes, 0, giveUpMs);
}

function rawExchange(address: string, first: string, everyMs: number, giveUpMs: number): Promise<RawAnswer> {
  const { host, port } = splitHostPort(address);
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, host);
    let t0 = 0;
    let firstByteAt = 0;
    let text = '';
    let drip: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no answer from ${address} within ${giveUpMs} ms`));
    }, giveUpMs);
    sock.on('connect', () => {
      t0 = Date.now();
      sock.write(first);
      if (everyMs > 0) drip = setInterval(() => sock.writable && sock.write('a'), everyMs);
    });
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      if (!firstByteAt) firstByteAt = Date.now();
      text += d;
    });
    // Writes racing the server's close end in EPIPE/ECONNRESET: expected here.
    sock.on('error', () => undefined);
    sock.on('close', () => {
      clearTimeout(giveUp);
      clearInterval(drip);
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : 0, text, elapsedMs: (firstByteAt || Date.now()) - t0 });
    });
  });
}

/** A GET over a Unix socket file, with no keep-alive. */
export function getOverSocket(socketPath: string, urlPath = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath, path: urlPath, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      })
      .on('error', reject);
  });
}
