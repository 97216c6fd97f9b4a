/**
 * Unix domain socket listeners the way the Datadog agent keeps `apm.socket`: a socket file left
 * by a dead process is replaced, one a live process still listens on is refused, the file gets
 * the agent's mode (0722: anyone may connect, only the owner may read the file) unless
 * configured, and it is removed when the listener closes.
 */
import { connect, type Server } from 'node:net';
import { chmod, lstat, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { listen } from './listen';

/** The agent's mode for `apm.socket`: connecting needs write permission, so every user gets it. */
export const AGENT_SOCKET_MODE = 0o722;

/** sun_path holds 108 bytes on Linux, the last a NUL: a longer path cannot be bound. */
export const MAX_SOCKET_PATH_BYTES = 107;

export interface UnixListenOptions {
  /** File mode of the socket (default 0722). */
  mode?: number;
  backlog?: number;
}

/** Binds `server` to the socket file at `path`; rejects with a sentence naming the path and what to do. */
export async function listenUnix(server: Server, path: string, opts: UnixListenOptions, onLaterError: (err: Error) => void): Promise<void> {
  await clearStale(path);
  await listen(server, { path, backlog: opts.backlog }, onLaterError);
  try {
    await chmod(path, opts.mode ?? AGENT_SOCKET_MODE);
  } catch (err) {
    await new Promise<void>((r) => server.close(() => r()));
    throw new Error(`cannot set the mode of unix socket ${path}: ${(err as Error).message}`);
  }
  // libuv unlinks the file when the server closes; that is the "removed on shutdown" half.
}

/**
 * A socket file nobody listens on is what a killed process leaves behind: remove it. Anything
 * else at the path is not ours to remove.
 */
async function clearStale(path: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = (await lstat(path)).isSocket();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return checkDirectory(path);
    throw new Error(`cannot listen on unix socket ${path}: ${(err as Error).message}`);
  }
  if (!isSocket) throw new Error(`cannot listen on unix socket ${path}: the path exists and is not a socket (remove it or choose another endpoint)`);
  if (await someoneListens(path)) {
    throw new Error(`cannot listen on unix socket ${path}: another process is listening on it (stop that process or choose another endpoint)`);
  }
  try {
    await unlink(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot replace the stale unix socket ${path}: ${(err as Error).message}`);
  }
}

/** libuv reports a missing directory as EACCES (as Windows would): tell the two apart here. */
async function checkDirectory(path: string): Promise<void> {
  try {
    await stat(dirname(path));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`cannot listen on unix socket ${path}: its directory does not exist`);
  }
}

/** Connects once: a live listener accepts, a stale file refuses (ECONNREFUSED). */
function someoneListens(path: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const sock = connect({ path });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', (err: NodeJS.ErrnoException) => {
      sock.destroy();
      if (err.code === 'ECONNREFUSED' || err.code === 'ENOENT') resolve(false);
      else reject(new Error(`cannot listen on unix socket ${path}: cannot tell whether another process listens on it: ${err.message}`));
    });
  });
}
