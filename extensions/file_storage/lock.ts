import { promises as fsp } from 'node:fs';

/**
 * One process at a time per storage file: a `<file>.lock` holding the owner's pid.
 * A lock left by a process that no longer exists (kill -9) is taken over; a live owner
 * is waited for up to `timeoutMs`, like the Collector's bbolt lock timeout.
 */
const heldHere = new Set<string>();

export async function acquireLock(file: string, timeoutMs: number): Promise<() => Promise<void>> {
  const lock = file + '.lock';
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!heldHere.has(lock)) {
      try {
        await fsp.writeFile(lock, String(process.pid), { flag: 'wx' });
        heldHere.add(lock);
        return async () => {
          heldHere.delete(lock);
          await fsp.unlink(lock).catch(() => undefined);
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const owner = Number((await fsp.readFile(lock, 'utf8').catch(() => '')).trim());
        // Our own pid without our own record means a previous life of this pid: stale.
        if (!Number.isInteger(owner) || owner <= 0 || owner === process.pid || !isAlive(owner)) {
          await fsp.unlink(lock).catch(() => undefined);
          continue;
        }
        if (Date.now() >= deadline) {
          throw new Error(`${file} is in use by process ${owner} (lock file ${lock}); waited ${timeoutMs}ms`);
        }
      }
    } else if (Date.now() >= deadline) {
      throw new Error(`${file} is already open in this process; waited ${timeoutMs}ms`);
    }
    await new Promise((r) => setTimeout(r, Math.min(50, Math.max(1, deadline - Date.now()))));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
