/**
 * Whether a process named in a lock file still runs: the one liveness rule for pid-based locks.
 * Ground floor: imports only Node.
 *
 * `kill(pid, 0)` alone is not enough. It succeeds on a zombie (a process that died but whose
 * parent has not reaped it yet), so a lock left by a process killed with -9 looked owned for as
 * long as its parent did not call wait, and a restart 0.1 s later failed with "in use". It also
 * succeeds on an unrelated process that got the pid later (containers restart with the same low
 * pids). On Linux the process's own `/proc/<pid>/stat` tells both apart: state Z (zombie) or X
 * (dead) is not alive, and a start time different from the one the owner wrote is another
 * process. Elsewhere the kill probe is all there is.
 *
 * A lock the kernel drops when its holder dies (flock) would need no liveness rule, but Node has
 * no flock: it takes a native addon (fs-ext builds with node-gyp at install; fs-native-extensions
 * ships prebuilt binaries for some platforms only), and the pure-JS lock libraries
 * (proper-lockfile, lockfile) call a lock stale only after its mtime is seconds old, which is
 * exactly the wait after a kill -9 this rule avoids.
 */
import { readFileSync } from 'node:fs';

/** Fields of /proc/<pid>/stat we read, or undefined where there is no /proc (or no such pid). */
function procStat(pid: number): { state: string; start: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // state is field 3 of stat(5), starttime field 22 (clock ticks after boot).
  return { state: fields[0] ?? '', start: fields[19] ?? '' };
}

/** How this process names itself in a lock file: its pid, and on Linux its start time. */
export function ownerTag(): string {
  const start = procStat(process.pid)?.start;
  return start ? `${process.pid} ${start}` : String(process.pid);
}

/** Reads a tag written by ownerTag (or a bare pid); undefined when it is not one. */
export function parseOwnerTag(text: string): { pid: number; start?: string } | undefined {
  const m = /^\s*(\d+)(?:\s+(\d+))?\s*$/.exec(text);
  if (!m) return undefined;
  const pid = Number(m[1]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  return m[2] === undefined ? { pid } : { pid, start: m[2] };
}

/**
 * True while process `pid` runs: it exists, is neither a zombie nor dead, and (when `start`, the
 * start time its owner wrote, is given and /proc is there) is still the process that wrote it.
 */
export function isAlive(pid: number, start?: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const st = procStat(pid);
  if (st === undefined) {
    // No /proc at all (not Linux): the kill probe is the answer. A pid that vanished between the
    // probe and the read has exited.
    return !isLinuxProc();
  }
  if (st.state === 'Z' || st.state === 'X' || st.state === 'x') return false;
  return start === undefined || st.start === start;
}

let procMounted: boolean | undefined;
function isLinuxProc(): boolean {
  procMounted ??= procStat(process.pid) !== undefined;
  return procMounted;
}
