/**
 * One process at a time per storage file: a `<file>.lock` naming its owner (pid and, on Linux,
 * start time). A lock whose owner is gone (kill -9, also while still a zombie, or whose pid now
 * belongs to another process) is taken over; a live owner is waited for up to `timeoutMs`, like
 * the Collector's bbolt lock timeout.
 */
import { promises as fsp } from 'node:fs';
import { isAlive, ownerTag, parseOwnerTag } from '../../src/util/process';

const heldHere = new Set<string>();

export async function acquireLock(file: string, timeoutMs: number): Promise<() => Promise<void>> {
  const lock = file + '.lock';
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!heldHere.has(lock)) {
      try {
        await createWithContent(lock, ownerTag());
        heldHere.add(lock);
        return async () => {
          heldHere.delete(lock);
          await fsp.unlink(lock).catch(() => undefined);
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const owner = parseOwnerTag(await fsp.readFile(lock, 'utf8').catch(() => ''));
        // Our own pid without our own record means a previous life of this pid: stale.
        if (!owner || owner.pid === process.pid || !isAlive(owner.pid, owner.start)) {
          await fsp.unlink(lock).catch(() => undefined);
          continue;
        }
        if (Date.now() >= deadline) {
          throw new Error(`${file} is in use by process ${owner.pid} (lock file ${lock}); waited ${timeoutMs}ms`);
        }
      }
    } else if (Date.now() >= deadline) {
      throw new Error(`${file} is already open in this process; waited ${timeoutMs}ms`);
    }
    await new Promise((r) => setTimeout(r, Math.min(50, Math.max(1, deadline - Date.now()))));
  }
}

/**
 * Creates `file` holding `text`, or fails with EEXIST, in one step: the text is written to a
 * file of our own and hard-linked to the name, so another process never reads the lock while it
 * is empty or half written (and takes that for a stale lock).
 */
async function createWithContent(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await fsp.writeFile(tmp, text);
  try {
    await fsp.link(tmp, file);
  } catch (err) {
    // A file system without hard links: create and write, as before.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw err;
    await fsp.writeFile(file, text, { flag: 'wx' });
  } finally {
    await fsp.unlink(tmp).catch(() => undefined);
  }
}
