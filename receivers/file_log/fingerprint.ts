/** A file's identity: its first bytes (names change on rotation, contents do not), read and compared. */
import type { FileHandle } from 'node:fs/promises';
import { readFully } from '../../src/util/read-fully';

export const EMPTY = Buffer.alloc(0);

/** The first `n` bytes of the file, or all of it when it is shorter. */
export async function readFingerprint(fd: FileHandle, n: number): Promise<Buffer> {
  if (n <= 0) return EMPTY;
  const buf = Buffer.alloc(n);
  const got = await readFully(fd, buf, 0);
  return got === n ? buf : buf.subarray(0, got);
}

/** `a` starts with `b` or `b` starts with `a`: the same file seen at two sizes. */
export function samePrefix(a: Buffer, b: Buffer): boolean {
  const n = Math.min(a.length, b.length);
  return n > 0 && a.compare(b, 0, n, 0, n) === 0;
}

export function startsWith(data: Buffer, prefix: Buffer): boolean {
  return prefix.length > 0 && data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}
