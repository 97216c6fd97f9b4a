/** Reading a whole range of a file: one read may return fewer bytes than asked for. */
import type { FileHandle } from 'node:fs/promises';

/** Fills `buf` from file position `position` on; returns the bytes read, fewer than `buf.length` only at the end of the file. */
export async function readFully(fd: FileHandle, buf: Buffer, position: number): Promise<number> {
  let off = 0;
  while (off < buf.length) {
    const { bytesRead } = await fd.read(buf, off, buf.length - off, position + off);
    if (bytesRead === 0) break;
    off += bytesRead;
  }
  return off;
}
