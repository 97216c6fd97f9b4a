/**
 * What the end-to-end hostile tests watch while a body is processed: small requests that must
 * keep being served, `/info` latency, and the bridge's peak RSS (VmHWM), all against a real CLI.
 */
import { readFileSync } from 'node:fs';
import * as http from 'node:http';

/**
 * The bridge the hostile bodies are sent to: both HTTP receivers, both signals, a memory_limiter
 * (at `limitMib`), batch and the debug exporter, everything on loopback port 0.
 */
export function bridgeConfig(limitMib: number, batch = 'timeout: 20ms'): string {
  const pipeline = (receivers: string) => `      receivers: [${receivers}]\n      processors: [memory_limiter, batch]\n      exporters: [debug]`;
  return `receivers:
  datadog:
    endpoint: 127.0.0.1:0
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:0
processors:
  memory_limiter:
    limit_mib: ${limitMib}
  batch:
    ${batch}
exporters:
  debug:
    verbosity: basic
service:
  telemetry:
    metrics: { address: "127.0.0.1:0" }
  pipelines:
    traces:
${pipeline('datadog, otlp')}
    logs:
${pipeline('otlp')}
`;
}

export interface Reply {
  status: number;
  body: string;
  ms: number;
}

/**
 * POSTs `body` on a connection of its own (a pooled one may be closed by the server's keep-alive
 * timeout just as it is reused, which is the client's race, not the server's failure); a
 * connection failure is status -1 with its message.
 */
export function post(url: string, body: Buffer, headers: http.OutgoingHttpHeaders, timeoutMs = 60_000): Promise<Reply> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-length': body.length, ...headers }, timeout: timeoutMs, agent: false }, (res) => {
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

/** GETs `url` on a connection of its own; a connection failure is status -1, with the time it took to fail. */
export function get(url: string, timeoutMs = 60_000): Promise<Reply> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text, ms: performance.now() - t0 }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: -1, body: e.message, ms: performance.now() - t0 }));
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
