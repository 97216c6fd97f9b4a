// Outbound HTTP for http_request(). Scripts run synchronously, one line at a time, so a request
// is made by a worker thread while the calling thread waits for it, up to a bounded timeout:
// the whole process waits with it. That, the latency it adds to every line that calls it, and
// scripts reaching hosts chosen by log content (SSRF) are why it is off unless configured.

import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';

export interface HttpLimits {
  /** Longest wait for one request, in milliseconds (connect to last body byte). */
  timeoutMs: number;
  /** Host names (or host:port) a script may call; empty means any. */
  allowedHosts?: string[];
  /** Response bodies are cut at this many bytes. Default 1 MiB. */
  maxBodyBytes?: number;
}

export interface HttpResponse {
  status: number;
  body: string;
}

export interface HttpRequester {
  /** The response, or undefined when the request failed, timed out or was not allowed. */
  request(method: string, url: string, headers: Record<string, string>, body: string | undefined): HttpResponse | undefined;
}

/** Longest timeout a configuration may ask for. */
export const MAX_HTTP_TIMEOUT_MS = 10000;

const WORKER = `
const { workerData } = require('node:worker_threads');
const { port, flag } = workerData;
const signal = new Int32Array(flag);
port.on('message', async (m) => {
  let out;
  try {
    const res = await fetch(m.url, { method: m.method, headers: m.headers, body: m.body, redirect: 'manual', signal: AbortSignal.timeout(m.timeoutMs) });
    const chunks = [];
    let size = 0;
    if (res.body) {
      for await (const c of res.body) {
        chunks.push(c);
        size += c.length;
        if (size >= m.maxBytes) break;
      }
    }
    out = { id: m.id, status: res.status, body: Buffer.concat(chunks).subarray(0, m.maxBytes).toString('utf8') };
  } catch (e) {
    out = { id: m.id, error: String(e) };
  }
  port.postMessage(out);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

class WorkerRequester implements HttpRequester {
  private port?: MessagePort;
  private flag?: Int32Array;
  private next = 0;

  constructor(private readonly limits: HttpLimits) {}

  private start(): { port: MessagePort; flag: Int32Array } {
    if (!this.port || !this.flag) {
      const shared = new SharedArrayBuffer(4);
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(WORKER, { eval: true, workerData: { port: port2, flag: shared }, transferList: [port2] });
      // Neither the worker nor the port may keep the process alive.
      worker.unref();
      port1.unref();
      this.port = port1;
      this.flag = new Int32Array(shared);
    }
    return { port: this.port, flag: this.flag };
  }

  allowed(url: string): boolean {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return false;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
    const hosts = this.limits.allowedHosts ?? [];
    return hosts.length === 0 || hosts.includes(u.hostname) || hosts.includes(u.host);
  }

  request(method: string, url: string, headers: Record<string, string>, body: string | undefined): HttpResponse | undefined {
    if (!this.allowed(url)) return undefined;
    const { port, flag } = this.start();
    const id = ++this.next;
    const timeoutMs = Math.min(this.limits.timeoutMs, MAX_HTTP_TIMEOUT_MS);
    port.postMessage({ id, method, url, headers, body, timeoutMs, maxBytes: this.limits.maxBodyBytes ?? 1 << 20 });
    // The worker aborts at timeoutMs; the small margin lets its answer arrive.
    const deadline = Date.now() + timeoutMs + 200;
    for (;;) {
      Atomics.store(flag, 0, 0);
      for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
        // Answers to earlier requests that timed out here are discarded.
        const r = m.message as { id: number; status?: number; body?: string };
        if (r.id === id) return r.status === undefined ? undefined : { status: r.status, body: r.body ?? '' };
      }
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      Atomics.wait(flag, 0, 0, left);
    }
  }
}

export function httpRequester(limits: HttpLimits): HttpRequester {
  return new WorkerRequester(limits);
}
