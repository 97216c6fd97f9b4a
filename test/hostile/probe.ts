/**
 * What the end-to-end hostile tests watch while a body is processed: small requests that must
 * keep being served, `/info` latency, and the bridge's peak RSS (VmHWM), all against a real CLI.
 */
import { readFileSync } from 'node:fs';
import * as http from 'node:http';

export interface Reply {
  status: number;
  body: string;
  ms: number;
}

/** POSTs `body`; a connection failure is status -1 with its message. */
export function post(url: string, body: Buffer, headers: http.OutgoingHttpHeaders, timeoutMs = 60_000): Promise<Reply> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-length': body.length, ...headers }, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text.trim(), ms: performance.now() - t0 }));
      res.on('error', (e) => resolve({ status: -1, body: e.message, ms: performance.now() - t0 }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: -1, body: e.message, ms: performance.now() - t0 }));
    req.end(body);
  });
}

/** Peak resident memory of a process in MiB (Linux), NaN elsewhere. */
export function peakRssMiB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

export function p99(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.99 * s.length) - 1)];
}

/**
 * Keeps one request of each kind in flight, one after another, until `stop()`; resolves with the
 * statuses and latencies seen. `first` resolves once each kind has been answered once.
 */
export function keepAsking(kinds: { name: string; send: () => Promise<Reply> }[]) {
  let running = true;
  const seen = new Map<string, Reply[]>(kinds.map((k) => [k.name, []]));
  let markFirst!: () => void;
  const first = new Promise<void>((r) => (markFirst = r));
  const loops = kinds.map(async (k) => {
    while (running) {
      seen.get(k.name)!.push(await k.send());
      if ([...seen.values()].every((v) => v.length > 0)) markFirst();
    }
  });
  return {
    first,
    async stop(): Promise<Map<string, Reply[]>> {
      running = false;
      await Promise.all(loops);
      return seen;
    },
  };
}
