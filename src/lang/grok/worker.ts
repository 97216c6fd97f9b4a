// A regex match with a deadline: run in a worker thread while the caller waits on shared memory
// (Atomics.wait) for at most the time it has left. A match that is not done by then is given up
// and its worker terminated (V8 interrupts a running regex, backtracking or not); a spare worker,
// already started, takes over at once while a new spare starts in the background. Compiling a
// regex the worker has not seen yet (a big grok pattern takes tens of ms) is not the match's time:
// the worker says when the match itself starts, and the deadline runs from there.

import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

export type MatchRequest =
  | { op: 'exec'; source: string; flags: string; input: string; lastIndex: number }
  | { op: 'split'; source: string; flags: string; input: string; limit?: number };

export type MatchResult =
  | { op: 'exec'; match: (string | undefined)[] | null; index: number; lastIndex: number }
  | { op: 'split'; parts: string[] };

/** Plain JS so that it runs the same from `dist/` and under the test runner's TypeScript loader. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { port, sab, warm } = workerData;
const flag = new Int32Array(sab);
const cache = new Map();
function compiled(source, flags) {
  const key = flags + '/' + source;
  let re = cache.get(key);
  if (re === undefined) {
    if (cache.size >= 512) cache.clear();
    re = new RegExp(source, flags);
    // V8 compiles a regex at its first runs, per kind of string (one- and two-byte).
    for (const s of ['', '', '\u0100', '\u0100']) { re.lastIndex = 0; re.exec(s); }
    cache.set(key, re);
  }
  return re;
}
for (const w of warm) compiled(w.source, w.flags);
let done = 0;
port.on('message', (m) => {
  if (m.op === 'warm') {
    compiled(m.source, m.flags);
    Atomics.store(flag, 3, ++done);
    return;
  }
  let res;
  try {
    const re = compiled(m.source, m.flags);
    Atomics.store(flag, 2, m.seq);
    Atomics.notify(flag, 2);
    if (m.op === 'split') res = { op: 'split', parts: m.input.split(re, m.limit) };
    else {
      re.lastIndex = m.lastIndex;
      const x = re.exec(m.input);
      res = { op: 'exec', match: x === null ? null : Array.from(x), index: x === null ? -1 : x.index, lastIndex: re.lastIndex };
    }
  } catch (e) {
    res = { error: String((e && e.message) || e) };
  }
  port.postMessage({ seq: m.seq, res });
  Atomics.store(flag, 3, ++done);
  Atomics.store(flag, 0, m.seq);
  Atomics.notify(flag, 0);
});
Atomics.store(flag, 1, 1);
Atomics.notify(flag, 1);
`;

/** How long a worker may take to compile a regex before the match starts (not the line's budget). */
const COMPILE_MS = 2000;

/**
 * Slots: 0 the sequence number last answered, 1 is 1 once the worker listens, 2 the one last
 * started, 3 how many messages it has handled (so that `idle` tells a spare still compiling).
 */
class MatchThread {
  private readonly flag = new Int32Array(new SharedArrayBuffer(16));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private seq = 0;
  private sent = 0;
  dead = false;

  constructor(warm: Pattern[]) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const workerData = { port: port2, sab: this.flag.buffer, warm };
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData, transferList: [port2] });
    this.worker.on('error', () => (this.dead = true));
    this.worker.on('exit', () => (this.dead = true));
    // Neither keeps the process alive: the CLI and the tests exit when their work is done.
    this.worker.unref();
    this.port.unref();
  }

  get ready(): boolean {
    return !this.dead && Atomics.load(this.flag, 1) === 1;
  }

  /** Ready, with nothing of ours still to handle (a spare has compiled what it was sent). */
  get idle(): boolean {
    return this.ready && Atomics.load(this.flag, 3) === this.sent;
  }

  /** Waits up to `ms` for the worker to listen (its first start only: later ones are spares). */
  waitReady(ms: number): boolean {
    if (!this.dead && Atomics.load(this.flag, 1) === 0) Atomics.wait(this.flag, 1, 0, ms);
    return this.ready;
  }

  /** The result, or undefined when `ms` passed first (the thread is then terminated). */
  run(req: MatchRequest, ms: number): MatchResult | undefined {
    const seq = ++this.seq;
    Atomics.store(this.flag, 0, 0);
    Atomics.store(this.flag, 2, 0);
    this.sent++;
    this.port.postMessage({ ...req, seq });
    if (Atomics.load(this.flag, 2) !== seq) Atomics.wait(this.flag, 2, 0, COMPILE_MS);
    const began = performance.now();
    const answered = Atomics.load(this.flag, 2) === seq && (Atomics.wait(this.flag, 0, 0, Math.max(0, ms)) !== 'timed-out' || Atomics.load(this.flag, 0) === seq);
    lastMatchMs = performance.now() - began;
    if (!answered) {
      this.terminate();
      return undefined;
    }
    for (;;) {
      const msg = receiveMessageOnPort(this.port)?.message as { seq: number; res: MatchResult | { error: string } } | undefined;
      if (msg === undefined) return undefined;
      if (msg.seq !== seq) continue;
      if ('error' in msg.res) throw new Error(msg.res.error);
      return msg.res;
    }
  }

  /** Has the worker compile `p` when it is idle, so that it is ready should this worker take over. */
  warm(p: Pattern): void {
    if (this.dead) return;
    this.sent++;
    this.port.postMessage({ op: 'warm', ...p });
  }

  terminate(): void {
    this.dead = true;
    void this.worker.terminate().catch(() => undefined);
    this.port.close();
  }
}

interface Pattern {
  source: string;
  flags: string;
}

/**
 * The regexes matched in workers lately (insertion order, bounded): a new worker compiles them
 * before it says it is ready, and the spare compiles each new one, so that the worker taking over
 * after a timeout does not spend the next line's deadline compiling.
 */
const recent = new Map<string, Pattern>();
const RECENT = 64;

function remember(p: Pattern): void {
  const key = p.flags + '/' + p.source;
  if (recent.has(key)) return;
  if (recent.size >= RECENT) recent.delete(recent.keys().next().value as string);
  recent.set(key, { source: p.source, flags: p.flags });
  spare?.warm(p);
}

const fresh = () => new MatchThread([...recent.values()]);

let active: MatchThread | undefined;
/** How long the last match took in its worker, compiling excluded (ms). */
let lastMatchMs = 0;
let spare: MatchThread | undefined;
let started = false;

/** How long the very first match waits for the first worker to start (once per process). */
const FIRST_START_MS = 5000;

/**
 * Starts the workers, at the first match that needs one: most scripts' lines stay within the inline
 * bound and never do, and two idle workers hold ~15 MiB resident. That first match waits for its
 * worker to start (tens of ms, once per process), outside its deadline.
 */
export function prepareMatchWorkers(): void {
  active ??= fresh();
  spare ??= fresh();
}

/**
 * Runs `req` in a worker within `ms`, and says how long the match took there. No result: it did
 * not finish in time, or no worker was ready (a replacement still starting after a timeout);
 * either way the match failed the budget.
 */
export function runWithDeadline(req: MatchRequest, ms: number): { result?: MatchResult; ms: number } {
  prepareMatchWorkers();
  if (!started) {
    // The first start of a worker is a one-off cost of the process, not of the line at hand.
    started = true;
    active!.waitReady(FIRST_START_MS);
  }
  if (active!.dead) [active, spare] = [spare!, fresh()];
  // A worker that just took over may still be compiling what it was sent; it is not kept waiting for.
  if (!active!.idle) return { ms: 0 };
  remember(req);
  lastMatchMs = 0;
  const result = active!.run(req, ms);
  if (active!.dead) [active, spare] = [spare!, fresh()];
  return { result, ms: lastMatchMs };
}

/** Whether a match sent now would start at once (tests wait for it after a timeout). */
export function matchWorkersIdle(): boolean {
  prepareMatchWorkers();
  if (active!.dead) [active, spare] = [spare!, fresh()];
  return active!.idle;
}

/** Ends the worker threads (tests; the process does not need it to exit). */
export function stopMatchWorkers(): void {
  active?.terminate();
  spare?.terminate();
  active = spare = undefined;
  started = false;
}
