/**
 * Paced log writer process: appends `rate` lines/s to a file in ~5 ms steps for `ms`, each line
 * stamped with its write time (` t=<epoch ms>`) for the sink's append → export latency.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { LogLines } from './log-corpus';

export interface WriteJob {
  file: string;
  rate: number;
  ms: number;
  firstSeq: number;
}

async function run(job: WriteJob): Promise<{ lines: number; bytes: number; wallMs: number }> {
  const fd = openSync(job.file, 'a');
  const gen = new LogLines(job.firstSeq);
  const total = Math.floor((job.rate * job.ms) / 1000);
  const t0 = performance.now();
  let written = 0;
  let bytes = 0;
  try {
    while (written < total) {
      const elapsed = performance.now() - t0;
      const due = Math.min(total, Math.floor((elapsed * job.rate) / 1000));
      if (due > written) {
        const now = performance.timeOrigin + performance.now();
        const stamp = ` t=${now.toFixed(3)}`;
        let chunk = '';
        for (; written < due; written++) chunk += gen.line(job.firstSeq + written, now, stamp);
        bytes += writeSync(fd, chunk);
      }
      if (elapsed > job.ms + 5000) break;
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    closeSync(fd);
  }
  return { lines: written, bytes, wallMs: performance.now() - t0 };
}

process.on('message', (m: { id: number; cmd: string } & WriteJob) => {
  if (m.cmd === 'write') void run(m).then((reply) => process.send!({ id: m.id, reply }));
});
process.on('disconnect', () => process.exit(0));
process.send!({ ready: true });
