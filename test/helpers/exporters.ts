/**
 * What the exporter unit tests share: a config decoded and validated with no issue, an exporter
 * started with its metrics and its log lines captured, a file_storage extension that can be
 * closed and opened again in the same directory (a restart), and the sending chain's delivery
 * scenarios run through each exporter's own transport.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { factory as fileStorage } from '../../extensions/file_storage/factory';
import type { Component, Exporter, ExporterFactory, Host } from '../../src/component/component';
import { NO_HOST, testSettings } from '../../src/component/testing';
import type { ConfigIssue } from '../../src/config/issue';
import { makeLogRecord } from '../../src/data/builders';
import { ResourceCache } from '../../src/data/resource';
import { sampleLogs, sampleSpans } from '../../src/otlp/testdata';
import { Metrics } from '../../src/telemetry/metrics';

/** Fast retries for tests; everything else as configured. */
export const FAST_RETRY = { initial_interval: '20ms', max_interval: '100ms', randomization_factor: 0 };

export function decodeValid<C>(factory: ExporterFactory<C>, raw: unknown): C {
  const issues: ConfigIssue[] = [];
  const cfg = factory.config.decode(raw, factory.type, issues);
  assert.deepEqual(issues, []);
  assert.deepEqual(factory.validate?.(cfg!) ?? [], []);
  return cfg!;
}

export interface StartedExporter {
  ex: Exporter;
  metrics: Metrics;
  /** The JSON log lines it wrote at info level and above. */
  logs: Record<string, any>[];
}

/** Creates and starts an exporter for traces and logs; `running` collects it for the afterEach hook. */
export async function startExporter<C>(factory: ExporterFactory<C>, raw: unknown, running: { shutdown(): Promise<void> }[], host: Host = NO_HOST): Promise<StartedExporter> {
  const metrics = new Metrics();
  const logs: Record<string, any>[] = [];
  const out = new Writable({ write: (c, _e, cb) => (logs.push(JSON.parse(String(c))), cb()) });
  const set = { ...testSettings(`${factory.type}/test`, 'exporter', metrics), logger: pino({ level: 'info' }, out) };
  const ex = factory.create(set, decodeValid(factory, raw), ['traces', 'logs']);
  await ex.start(host);
  running.push(ex);
  return { ex, metrics, logs };
}

/** A `file_storage` extension in a fresh directory, as the host of a persistent queue. */
export class TestStorage {
  private readonly cfg = fileStorage.config.decode({ directory: mkdtempSync(path.join(tmpdir(), 'exporter-q-')) }, 'file_storage', [])!;
  private current?: Component;
  readonly host: Host = { getExtension: (id) => (id === 'file_storage' ? this.current : undefined) };

  async open(): Promise<this> {
    const st = fileStorage.create(testSettings('file_storage', 'extension'), this.cfg);
    await st.start(NO_HOST);
    this.current = st;
    return this;
  }

  /** Closes the extension (open() again to restart it on the same directory). */
  async shutdown(): Promise<void> {
    await this.current?.shutdown();
  }
}

/** A test backend that can go down and come back on the same port. */
export interface Backend {
  port: number;
  close(): Promise<void>;
  waitFor(pred: (s: this) => boolean, timeoutMs?: number): Promise<void>;
  readonly spans: unknown[];
  readonly logs: unknown[];
}

type Start = (raw: Record<string, unknown>, host?: Host) => Promise<StartedExporter>;

/**
 * The chain's delivery guarantee through one transport: the backend is down while 5 batches are
 * handed over, then comes up; every span arrives exactly once. Resolves with the new backend.
 */
export async function deliversOnceAfterOutage<B extends Backend>(sink: B, reopen: (port: number) => Promise<B>, endpoint: (port: number) => string, start: Start): Promise<B> {
  const port = sink.port;
  await sink.close();
  const { ex, metrics } = await start({ endpoint: endpoint(port), retry_on_failure: FAST_RETRY });
  // Each caller waits for its own delivery (the queue is in memory: end-to-end acknowledgement).
  const acks = Array.from({ length: 5 }, () => ex.traces!.consume(sampleSpans()));
  await new Promise((r) => setTimeout(r, 300));
  const next = await reopen(port);
  await Promise.all(acks);
  assert.equal(next.spans.length, 10, 'every caller was answered only after its spans arrived');
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(next.spans.length, 10);
  assert.equal(await metrics.value('otelcol_exporter_sent_spans_total'), 10);
  assert.ok((await metrics.value('otelcol_exporter_retries_total')) >= 5);
  return next;
}

/**
 * A persistent queue through one transport: shut down with the backend down, the requests stay
 * on disk and go out after a restart. Resolves with the new backend.
 */
export async function sendsPersistedQueueAfterRestart<B extends Backend>(
  sink: B,
  reopen: (port: number) => Promise<B>,
  endpoint: (port: number) => string,
  start: Start,
  running: { shutdown(): Promise<void> }[],
): Promise<B> {
  const port = sink.port;
  await sink.close();
  const storage = await new TestStorage().open();
  const queued = { endpoint: endpoint(port), retry_on_failure: FAST_RETRY, sending_queue: { storage: 'file_storage' } };
  const first = await start({ ...queued, timeout: '200ms' }, storage.host);
  for (let i = 0; i < 3; i++) await first.ex.traces!.consume(sampleSpans());
  await first.ex.logs!.consume(sampleLogs());
  await first.ex.shutdown();
  await storage.shutdown();
  const next = await reopen(port);
  await storage.open();
  running.push(storage);
  await start(queued, storage.host);
  await next.waitFor((s) => s.spans.length === 6 && s.logs.length === 2, 10000);
  return next;
}

/**
 * Request bodies through the exporter's pooled buffers: 60 batches of different sizes, one a turn,
 * through four consumers to a backend that takes its time (the caller sets its delay). A buffer
 * lent again before its request was done with shows as a body that is not the batch it was made
 * from, or that does not decode.
 */
export async function bodiesArriveIntact(sink: Omit<Backend, 'logs'> & { readonly logs: { body: unknown }[] }, start: Start, compressions: string[]): Promise<void> {
  const resource = new ResourceCache().get({ 'service.name': 'pool' });
  for (const compression of compressions) {
    const { ex } = await start({ compression, sending_queue: { num_consumers: 4 } });
    const want: string[] = [];
    const sent: Promise<void>[] = [];
    for (let b = 0; b < 60; b++) {
      const bodies = Array.from({ length: 1 + ((b * 37) % 200) }, (_, i) => `${compression} batch ${b} line ${i} ${'x'.repeat((b * i) % 90)}`);
      want.push(...bodies);
      sent.push(ex.logs!.consume(bodies.map((body) => makeLogRecord({ timeNs: 1n, observedNs: 1n, body, resource }))));
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(sent);
    const got = sink.logs.map((l) => String(l.body)).filter((t) => t.startsWith(compression));
    assert.deepEqual([...got].sort(), [...want].sort(), `compression ${compression}`);
  }
}
