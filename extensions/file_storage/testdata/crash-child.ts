// Writes keys one after another and prints each key once its `set` resolved; the parent kills it with SIGKILL.
import { KvLog } from '../kvlog';

async function main(): Promise<void> {
  const log = await KvLog.open(process.argv[2], { fsync: true });
  for (let i = 0; ; i++) {
    const key = `k${String(i).padStart(6, '0')}`;
    // Several writers per round so grouped commits are exercised too.
    await Promise.all([log.set(key, Buffer.from(`value-${i}`)), log.set(`${key}-b`, Buffer.alloc(300, i % 256))]);
    process.stdout.write(key + '\n');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
