/** Test helpers of log_pipeline: points built from plain objects, a gated downstream, and a bridge with a trace index. */
import type { CollectorStatus, Host, Processor } from '../../src/component/component';
import { configOf, testSettings } from '../../src/component/testing';
import { defaults } from '../../src/config/schema';
import type { Consumer, LogRecord } from '../../src/consumer/consumer';
import { makeLogRecord, makeSpan } from '../../src/data/builders';
import { ResourceCache } from '../../src/data/resource';
import type { RunMapsResult, Value } from '../../src/lang';
import { Metrics } from '../../src/telemetry/metrics';
import { config as indexConfig, type TraceIndexConfig } from '../../extensions/trace_index/config';
import { TraceIndex } from '../../extensions/trace_index/extension';
import { factory } from './factory';

export function pointOf(p: { fields: Record<string, Value>; tags?: Record<string, string>; timeNs?: bigint | null }): RunMapsResult {
  const fields = new Map<string, Value>();
  // Own keys only, so a field named __proto__ is a field like any other.
  for (const k of Object.keys(p.fields)) fields.set(k, p.fields[k]);
  return { fields, tags: new Map(Object.entries(p.tags ?? {})), timeNs: p.timeNs ?? null, dropped: false };
}

/** A downstream whose consume calls stay pending until the test settles them (or `auto` is set). */
export class GatedConsumer implements Consumer<LogRecord> {
  readonly calls: { batch: LogRecord[]; resolve(): void; reject(err: unknown): void }[] = [];
  auto = false;
  private waiters: (() => void)[] = [];

  get records(): LogRecord[] {
    return this.calls.flatMap((c) => c.batch);
  }

  consume(batch: LogRecord[]): Promise<void> {
    if (this.auto) {
      this.calls.push({ batch, resolve: () => {}, reject: () => {} });
      this.wake();
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      this.calls.push({ batch, resolve, reject });
      this.wake();
    });
  }

  /** Resolves when at least `n` records arrived (an event, not a poll). */
  async waitForRecords(n: number): Promise<LogRecord[]> {
    while (this.records.length < n) await new Promise<void>((r) => this.waiters.push(r));
    return this.records;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }
}

/** A promise's state after the callbacks that are due have run. */
export async function settled(p: Promise<unknown>): Promise<'pending' | 'resolved' | 'rejected'> {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  p.then(() => (state = 'resolved'), () => (state = 'rejected'));
  await new Promise((r) => setImmediate(r));
  return state;
}

export const resources = new ResourceCache();

/** A span of `service` in trace `traceId` (32 hex digits). */
export function spanOf(traceId: string, spanId: string, service = 'web') {
  return makeSpan({ traceId, spanId, name: 'op', startNs: 1n, endNs: 2n, resource: resources.get({ 'service.name': service }) });
}

export function recordOf(body: string) {
  const now = BigInt(Date.now()) * 1_000_000n;
  return makeLogRecord({ timeNs: now, observedNs: now, body, resource: resources.get({}) });
}

/** A python-ddtrace line written now (UTC), with a decimal 64-bit trace id. */
export function pythonLine(traceLow: bigint, spanId: bigint, msg: string, opts: { service?: string; at?: Date } = {}): string {
  const t = (opts.at ?? new Date()).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
  return `${t} INFO [app] [a.py:1] [dd.service=${opts.service ?? 'web'} dd.env=prod dd.version=1 dd.trace_id=${traceLow} dd.span_id=${spanId}] - ${msg}`;
}

export interface Bridge {
  host: Host;
  index: TraceIndex;
  processor: Processor<LogRecord>;
  out: GatedConsumer;
  metrics: Metrics;
  stop(): Promise<void>;
}

/** A log_pipeline (python-ddtrace script, UTC) behind a started trace_index extension, as a collector wires them. */
export async function bridgeWithIndex(
  index: Partial<TraceIndexConfig> = {},
  script = 'builtin:python-ddtrace',
  status: () => CollectorStatus = () => 'running',
): Promise<Bridge> {
  const metrics = new Metrics();
  const ix = new TraceIndex(testSettings('trace_index', 'extension', metrics), { ...defaults(indexConfig), ...index });
  const host: Host = { getExtension: (id) => (id === 'trace_index' ? ix : undefined), status };
  await ix.start(host);
  const out = new GatedConsumer();
  const set = { ...testSettings('log_pipeline', 'processor', metrics), pipeline: 'logs' };
  const processor = factory.create(set, configOf(factory, { script, timezone: 'UTC' }), out, 'logs');
  await processor.start(host);
  return {
    host, index: ix, processor, out, metrics,
    async stop() {
      await processor.shutdown();
      await ix.shutdown();
    },
  };
}
