/** Test helpers shared by the file_log unit and end-to-end tests: real files, real storage. */
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import type { Component, Host } from '../../src/component/component';
import { testSettings } from '../../src/component/testing';
import type { ConfigIssue } from '../../src/config/issue';
import type { LogRecord } from '../../src/consumer/consumer';
import { SinkConsumer } from '../../src/consumer/testing';
import { Metrics } from '../../src/telemetry/metrics';
import { factory as storageFactory } from '../../extensions/file_storage/factory';
import { CheckpointStore } from './checkpoint';
import { factory } from './factory';
import { Matcher } from './glob';
import type { FileReader, ReaderSettings } from './reader';
import { readerSettings } from './receiver';
import { FileLogTelemetry } from './telemetry';
import { Tracker } from './tracker';

export async function tempDir(prefix = 'file-log-'): Promise<string> {
  return fsp.mkdtemp(path.join(os.tmpdir(), prefix));
}

export function decodeConfig(raw: Record<string, unknown>) {
  const issues: ConfigIssue[] = [];
  const cfg = factory.config.decode(raw, 'receivers::file_log', issues);
  assert.deepEqual(issues, []);
  assert.deepEqual(factory.validate!(cfg!), []);
  return cfg!;
}

/** One line of the receiver's own log, as pino writes it. */
export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface Running {
  receiver: Component;
  sink: SinkConsumer<LogRecord>;
  metrics: Metrics;
  storage?: Component;
  stop(): Promise<void>;
}

/** A receiver (and, with `storageDir`, a file_storage extension) started in-process. */
export async function startReceiver(
  raw: Record<string, unknown>,
  opts: { storageDir?: string; sink?: SinkConsumer<LogRecord>; id?: string; logs?: LogLine[] } = {},
): Promise<Running> {
  const metrics = new Metrics();
  const sink = opts.sink ?? new SinkConsumer<LogRecord>();
  let storage: Component | undefined;
  const exts = new Map<string, Component>();
  if (opts.storageDir) {
    const issues: ConfigIssue[] = [];
    const scfg = storageFactory.config.decode({ directory: opts.storageDir }, 'extensions::file_storage', issues);
    storage = storageFactory.create(testSettings('file_storage', 'extension', metrics), scfg!);
    exts.set('file_storage', storage);
  }
  const host: Host = { getExtension: (id) => exts.get(id) };
  await storage?.start(host);
  const cfg = decodeConfig({ poll_interval: '20ms', force_flush_period: '100ms', ...(opts.storageDir ? { storage: 'file_storage' } : {}), ...raw });
  const set = testSettings(opts.id ?? 'file_log', 'receiver', metrics);
  const logs = opts.logs;
  if (logs) set.logger = pino({ level: 'debug' }, { write: (json: string) => void logs.push(JSON.parse(json) as LogLine) });
  const receiver = factory.create(set, cfg, { logs: sink });
  await receiver.start(host);
  return {
    receiver,
    sink,
    metrics,
    storage,
    async stop() {
      await receiver.shutdown();
      await storage?.shutdown();
    },
  };
}

/**
 * A tracker without the run loop and without storage: each `discover()` is one poll and each
 * `readChunk()` one read, exactly when the test says, so a rotation can land between any two steps.
 */
export function newTracker(raw: Record<string, unknown>): { tracker: Tracker; metrics: Metrics; settings: ReaderSettings; reader(path: string): FileReader | undefined } {
  const metrics = new Metrics();
  const set = testSettings('file_log', 'receiver', metrics);
  const cfg = decodeConfig({ start_at: 'beginning', ...raw });
  const settings = readerSettings(cfg, new FileLogTelemetry(set));
  const tracker = new Tracker({
    cfg,
    matcher: new Matcher(cfg.include, cfg.exclude),
    store: new CheckpointStore(undefined, () => undefined),
    known: [],
    firstRun: true,
    logger: set.logger,
    reader: settings,
  });
  return { tracker, metrics, settings, reader: (p) => [...tracker.readers.values()].find((r) => r.path === p) };
}

export function bodies(sink: SinkConsumer<LogRecord>): string[] {
  return sink.items.map((r) => String(r.body));
}

/** Resolves when `fn` holds, polling; fails with `what` after `ms`. */
export async function until(fn: () => boolean | Promise<boolean>, what: string, ms = 10000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How `got` differs from `want`: lines missing, extra copies of a line, and lines never written. */
export function tally(got: string[], want: string[]): { missing: number; duplicated: number; unexpected: number } {
  const counts = new Map<string, number>();
  for (const g of got) counts.set(g, (counts.get(g) ?? 0) + 1);
  const wanted = new Set(want);
  return {
    missing: want.filter((w) => !counts.has(w)).length,
    duplicated: [...counts.values()].reduce((n, c) => n + (c - 1), 0),
    unexpected: got.filter((g) => !wanted.has(g)).length,
  };
}

/** Zero lost and zero repeated: every expected line exactly once, nothing else. */
export function assertExactlyOnce(got: string[], expected: string[]): void {
  const counts = new Map<string, number>();
  for (const g of got) counts.set(g, (counts.get(g) ?? 0) + 1);
  const missing = expected.filter((e) => !counts.has(e));
  const dup = [...counts].filter(([, n]) => n > 1).map(([l]) => l);
  const want = new Set(expected);
  const extra = [...counts.keys()].filter((g) => !want.has(g));
  assert.deepEqual(
    { missing: missing.length, duplicated: dup.length, unexpected: extra.length },
    { missing: 0, duplicated: 0, unexpected: 0 },
    `missing e.g. ${missing.slice(0, 3).join(' | ')}; duplicated e.g. ${dup.slice(0, 3).join(' | ')}; unexpected e.g. ${extra.slice(0, 3).join(' | ')}`,
  );
}

export function line(tag: string, i: number): string {
  return `${tag} line ${String(i).padStart(6, '0')} lorem ipsum dolor sit amet`;
}

export const lines = (tag: string, from: number, to: number): string[] => Array.from({ length: to - from }, (_, k) => line(tag, from + k));

export const text = (ls: string[]): string => ls.map((l) => l + '\n').join('');

/** Reads the file to its current end, chunk by chunk as the run loop would, and returns the entries. */
export async function readToEnd(r: FileReader): Promise<string[]> {
  const got: string[] = [];
  for (;;) {
    const c = await r.readChunk();
    if (c.state === 'error') throw new Error(`cannot read ${r.path}`);
    if (c.records) got.push(...c.records.make().map((rec) => String(rec.body)));
    c.records?.release();
    if (c.state === 'eof') return got;
  }
}
