/**
 * file_log read throughput: a pre-written file of ~200-byte Python ddtrace log lines, tailed
 * from the beginning by the `file_log` receiver into a consumer that only counts records.
 * Reports lines/s and MB/s of wall time and per CPU-second of this process (process.cpuUsage),
 * with offsets in memory, with checkpoints in `file_storage` (fsync on), and with checkpoints
 * behind a default `batch` processor (8192 records / 200ms), which holds each consume until
 * its batch is sent: the receiver's in-flight window is what keeps that from throttling.
 *
 *   npx tsx bench/file_log.ts [--lines 1000000]
 */
import { createWriteStream, promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Component, Host } from '../src/component/component';
import { configOf, testSettings } from '../src/component/testing';
import type { Consumer, LogRecord } from '../src/consumer/consumer';
import { factory as storageFactory } from '../extensions/file_storage/factory';
import { factory } from '../receivers/file_log/factory';
import { factory as batchFactory } from '../processors/batch/factory';

const args = process.argv.slice(2);
const opt = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const LINES = opt('lines', 1_000_000);

async function writeCorpus(file: string): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  let traceId = 16108321602917563239n;
  for (let i = 0; i < LINES; i++) {
    traceId = (traceId * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    const ms = String(i % 1000).padStart(3, '0');
    const l = `2021-06-18 10:07:08,${ms} INFO [__main__] [app.py:26] [dd.service=Python-App dd.env=Testing dd.version=V1.1 dd.trace_id=${traceId} dd.span_id=${traceId >> 3n}] - request ${i} handled\n`;
    bytes += Buffer.byteLength(l);
    if (!out.write(l)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  return bytes;
}

async function run(label: string, file: string, bytes: number, storageDir?: string, batch = false): Promise<void> {
  let count = 0;
  let bodyBytes = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const sink: Consumer<LogRecord> = {
    async consume(batch) {
      count += batch.length;
      // Touch every body, so a record that was not really built would show.
      for (const r of batch) bodyBytes += (r.body as string).length + 1;
      if (count >= LINES) resolveDone();
    },
  };
  const batcher = batch ? batchFactory.create(testSettings('batch', 'processor'), configOf(batchFactory, {}), sink, 'logs') : undefined;
  const exts = new Map<string, Component>();
  if (storageDir) {
    const st = storageFactory.create(testSettings('file_storage', 'extension'), configOf(storageFactory, { directory: storageDir }));
    exts.set('file_storage', st);
  }
  const host: Host = { getExtension: (id) => exts.get(id) };
  for (const e of exts.values()) await e.start(host);
  const cfg = configOf(factory, { include: [file], start_at: 'beginning', ...(storageDir ? { storage: 'file_storage' } : {}) });
  await batcher?.start(host);
  const rx = factory.create(testSettings('file_log', 'receiver'), cfg, { logs: batcher ?? sink });
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await rx.start(host);
  await done;
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  await rx.shutdown();
  await batcher?.shutdown();
  for (const e of exts.values()) await e.shutdown();
  if (count !== LINES || bodyBytes !== bytes) throw new Error(`${label}: got ${count} records / ${bodyBytes} bytes, want ${LINES} / ${bytes}`);
  const mb = bytes / 1e6;
  console.log(
    `${label.padEnd(28)} ${LINES} lines in ${wall.toFixed(2)} s wall, ${cpuS.toFixed(2)} s CPU: ` +
      `${Math.round(LINES / wall).toLocaleString('en')} lines/s, ${(mb / wall).toFixed(1)} MB/s; ` +
      `per core ${Math.round(LINES / cpuS).toLocaleString('en')} lines/s, ${(mb / cpuS).toFixed(1)} MB/s`,
  );
}

async function main(): Promise<void> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'bench-file-log-'));
  try {
    const file = path.join(dir, 'python-app.log');
    const bytes = await writeCorpus(file);
    console.log(`corpus: ${LINES} lines, ${(bytes / LINES).toFixed(0)} bytes/line, ${(bytes / 1e6).toFixed(0)} MB; node ${process.version}, ${os.cpus()[0]?.model ?? '?'} x${os.cpus().length}`);
    // Warm the page cache and the JIT, so the runs compare the reader, not the disk.
    await run('warm-up (memory offsets)', file, bytes);
    await run('memory offsets', file, bytes);
    await run('file_storage checkpoints', file, bytes, path.join(dir, 'storage'));
    await run('file_storage + batch', file, bytes, path.join(dir, 'storage2'), true);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
