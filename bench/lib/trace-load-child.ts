/**
 * Load generator process for the trace benchmarks: PUTs v0.4 bodies to the datadog receiver,
 * closed loop (N connections back to back) or open loop (paced requests/s, latency measured
 * from each request's scheduled time so a stalled server cannot hide its queueing). With `otlpFrom`
 * (the reference pipelines' folder) it can also send the same spans as OTLP/HTTP protobuf, written
 * by the reference's OTLP writer, for a Collector that cannot take Datadog payloads.
 */
import { Agent, request } from 'node:http';
import { otlpFromReference } from './reference-otlp';
import { traceBody } from './trace-corpus';

export interface LoadJob {
  url: string;
  connections: number;
  /** Requests per second (open loop), or 0 for closed loop. */
  rate: number;
  ms: number;
  /** Hard bound on requests, whatever the time. */
  maxRequests: number;
  /** Send the OTLP/HTTP protobuf form of the bodies (needs `otlpFrom`). */
  otlp?: boolean;
}

export interface LoadResult {
  requests: number;
  ok: number;
  spansOk: number;
  statuses: Record<string, number>;
  wallMs: number;
  /** Request latencies in ms (sorted). */
  lat: number[];
}

const { bodies: nBodies, spans, otlpFrom } = JSON.parse(process.argv[2] ?? '{}') as { bodies: number; spans: number; otlpFrom?: string };
const bodies = Array.from({ length: nBodies }, (_, i) => traceBody(1000 + i, spans));
const otlpBodies = otlpFrom ? otlpFromReference(otlpFrom, bodies) : [];


async function run(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
  const res: LoadResult = { requests: 0, ok: 0, spansOk: 0, statuses: {}, wallMs: 0, lat: [] };
  let n = 0;
  const one = (scheduled: number) =>
    new Promise<void>((resolve) => {
      const body = job.otlp ? otlpBodies[n++ % otlpBodies.length] : bodies[n++ % bodies.length];
      res.requests++;
      const done = (status: string) => {
        res.statuses[status] = (res.statuses[status] ?? 0) + 1;
        res.lat.push(performance.now() - scheduled);
        resolve();
      };
      const req = request(
        job.url,
        {
          method: job.otlp ? 'POST' : 'PUT',
          agent,
          headers: job.otlp
            ? { 'Content-Type': 'application/x-protobuf', 'Content-Length': body.length }
            : { 'Content-Type': 'application/msgpack', 'Content-Length': body.length, 'Datadog-Meta-Lang': 'nodejs', 'X-Datadog-Trace-Count': String(spans / 10) },
        },
        (r) => {
          r.resume();
          r.on('end', () => {
            if (r.statusCode === 200) {
              res.ok++;
              res.spansOk += spans;
            }
            done(String(r.statusCode));
          });
        },
      );
      req.on('error', (e) => done(`error ${(e as NodeJS.ErrnoException).code ?? e.message}`));
      req.end(body);
    });
  const t0 = performance.now();
  const end = t0 + job.ms;
  if (job.rate === 0) {
    await Promise.all(
      Array.from({ length: job.connections }, async () => {
        while (performance.now() < end && n < job.maxRequests) await one(performance.now());
      }),
    );
  } else {
    const pending: Promise<void>[] = [];
    for (let i = 0; i < job.maxRequests; i++) {
      const due = t0 + (i * 1000) / job.rate;
      if (due >= end) break;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pending.push(one(due));
    }
    await Promise.all(pending);
  }
  res.wallMs = performance.now() - t0;
  agent.destroy();
  res.lat.sort((a, b) => a - b);
  return res;
}

process.on('message', (m: { id: number; cmd: string } & LoadJob) => {
  if (m.cmd === 'run') void run(m).then((reply) => process.send!({ id: m.id, reply }));
});
process.on('disconnect', () => process.exit(0));
process.send!({ ready: true, bodyBytes: bodies.map((b) => b.length), otlpBytes: otlpBodies.map((b) => b.length) });
