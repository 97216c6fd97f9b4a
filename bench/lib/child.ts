/**
 * Runs a bench/lib TypeScript module as a separate Node process with an IPC channel, and asks
 * it questions (`{id, cmd, ...}` → `{id, reply}`). Children inherit the caller's CPU affinity.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface Child {
  proc: ChildProcess;
  /** The first message the child sent (its "ready" message). */
  hello: Record<string, unknown>;
  ask<T>(cmd: string, extra?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  kill(): void;
}

export function startChild(module: string, arg: unknown): Promise<Child> {
  const file = path.join(__dirname, module);
  const proc = fork(file, [JSON.stringify(arg)], {
    execArgv: file.endsWith('.ts') ? ['--require', 'tsx/cjs'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 1;
  const waiting = new Map<number, (v: unknown) => void>();
  return new Promise((resolve, reject) => {
    let exited = false;
    proc.once('exit', (code) => {
      exited = true;
      for (const w of waiting.values()) w(Promise.reject(new Error(`${module} exited with ${code}`)));
      reject(new Error(`${module} exited with ${code} before it was ready`));
    });
    proc.once('message', (hello) => {
      proc.on('message', (m: { id: number; reply: unknown }) => {
        waiting.get(m.id)?.(m.reply);
        waiting.delete(m.id);
      });
      resolve({
        proc,
        hello: hello as Record<string, unknown>,
        ask<T>(cmd: string, extra: Record<string, unknown> = {}, timeoutMs = 600000): Promise<T> {
          if (exited) return Promise.reject(new Error(`${module} has exited`));
          const id = next++;
          return new Promise<T>((res, rej) => {
            const timer = setTimeout(() => {
              waiting.delete(id);
              rej(new Error(`${module} did not answer "${cmd}" within ${timeoutMs} ms`));
            }, timeoutMs);
            waiting.set(id, (v) => {
              clearTimeout(timer);
              Promise.resolve(v).then((x) => res(x as T), rej);
            });
            proc.send({ id, cmd, ...extra });
          });
        },
        kill() {
          if (!exited) proc.kill();
        },
      });
    });
  });
}
