/**
 * file_storage throughput for many small keys, the shape of file_log checkpoints and of a
 * persistent queue: sequential sets (one fsync each), bursts of concurrent sets (grouped into
 * one write + fsync), gets, and reopening a store with many keys.
 *
 *   npx tsx bench/file_log_storage.ts [--keys 20000]
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KvLog } from '../extensions/file_storage/kvlog';

const args = process.argv.slice(2);
const i = args.indexOf('--keys');
const KEYS = i >= 0 ? Number(args[i + 1]) : 20000;

async function timed(label: string, n: number, fn: () => Promise<void>): Promise<void> {
  const t0 = process.hrtime.bigint();
  await fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${label.padEnd(44)} ${n} ops in ${s.toFixed(2)} s: ${Math.round(n / s).toLocaleString('en')} ops/s`);
}

async function main(): Promise<void> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'bench-kv-'));
  try {
    const value = Buffer.alloc(200, 1);
    for (const fsync of [true, false]) {
      const file = path.join(dir, `store-${fsync}.kv`);
      const kv = await KvLog.open(file, { fsync });
      const seq = Math.min(KEYS, fsync ? 2000 : KEYS);
      await timed(`sequential set, 200 B, fsync=${fsync}`, seq, async () => {
        for (let k = 0; k < seq; k++) await kv.set(`seq/${k}`, value);
      });
      await timed(`bursts of 100 concurrent sets, fsync=${fsync}`, KEYS, async () => {
        for (let k = 0; k < KEYS; k += 100) {
          await Promise.all(Array.from({ length: 100 }, (_, j) => kv.set(`item/${String(k + j).padStart(8, '0')}`, value)));
        }
      });
      await timed(`get, fsync=${fsync}`, KEYS, async () => {
        for (let k = 0; k < KEYS; k++) await kv.get(`item/${String(k).padStart(8, '0')}`);
      });
      await kv.close();
      await timed(`reopen with ${KEYS + seq} keys, fsync=${fsync}`, 1, async () => {
        const again = await KvLog.open(file, { fsync });
        if (again.count !== KEYS + seq) throw new Error(`reopened with ${again.count} keys`);
        await again.close();
      });
    }
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
