/** Test helpers of the ground floor: a process whose parent does not reap it (a zombie). */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The state letter of /proc/<pid>/stat (R, S, Z…), or undefined without /proc or such a pid. */
export function procState(pid: number): string | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return text.slice(text.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

function comm(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * Runs `command` (argv) under a parent that never waits for it: a shell that starts it in the
 * background, prints its pid and then becomes `sleep`. When the command dies it stays a zombie
 * until `release()` ends that parent. Resolves with the command's pid once the parent is `sleep`;
 * a command that ends by itself before that may still be reaped by the shell, so the callers run
 * one that lasts (`sleep 600`) and kill it.
 */
export async function underNonReapingParent(command: string[]): Promise<{ pid: number; parent: ChildProcess; release(): Promise<void> }> {
  const quoted = command.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const parent = spawn('sh', ['-c', `${quoted} </dev/null >/dev/null 2>&1 & echo $!; exec sleep 600`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const pid = await new Promise<number>((resolve, reject) => {
    let out = '';
    parent.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    parent.once('error', reject);
  });
  // Until the shell has become `sleep`, it would still reap a child that dies.
  const deadline = Date.now() + 10000;
  while (comm(parent.pid!) !== 'sleep') {
    if (Date.now() > deadline) throw new Error(`the parent shell ${parent.pid} did not become sleep`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const exited = new Promise<void>((r) => parent.once('exit', () => r()));
  return {
    pid,
    parent,
    async release() {
      if (parent.exitCode === null && parent.signalCode === null) parent.kill('SIGKILL');
      await exited;
    },
  };
}

/** Resolves once `pid` is a zombie (polling /proc: there is no event for it), or rejects after `ms`. */
export async function untilZombie(pid: number, ms = 10000): Promise<void> {
  const deadline = Date.now() + ms;
  while (procState(pid) !== 'Z') {
    if (Date.now() > deadline) throw new Error(`process ${pid} is not a zombie (state ${procState(pid)})`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
