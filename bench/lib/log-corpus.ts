/**
 * Python `logging` lines with ddtrace log injection (ddtrace's default format), ~200 bytes each:
 *   2021-06-18 10:07:08,786 INFO [__main__] [lt.py:26] [dd.service=Python-App dd.env=Testing
 *   dd.version=V1.1 dd.trace_id=16108321602917563239 dd.span_id=12837828046733169079] - Hello, World! 42
 * The message ends with the line's sequence number (and, for paced writes, ` t=<epoch ms>`), which
 * the counting sink reads back to find loss, duplicates and latency.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { rng } from './trace-corpus';

const LEVELS = ['INFO', 'INFO', 'INFO', 'INFO', 'DEBUG', 'WARNING', 'ERROR'];
const LOGGERS = ['__main__', 'app.views', 'app.db', 'urllib3.connectionpool'];
const SERVICES = ['Python-App', 'billing-worker'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYY-MM-DD HH:MM:SS,mmm` in UTC, as Python's logging writes it (the bench sets timezone UTC). */
export function pythonTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())},${pad(d.getUTCMilliseconds(), 3)}`;
}

export class LogLines {
  private readonly r: () => number;
  constructor(seed: number) {
    this.r = rng(seed);
  }

  private u64(): string {
    return ((BigInt(Math.floor(this.r() * 2 ** 32)) << 32n) | BigInt(Math.floor(this.r() * 2 ** 32))).toString();
  }

  line(seq: number, timeMs: number, suffix = ''): string {
    const r = this.r;
    const inSpan = r() < 0.9;
    const level = LEVELS[Math.floor(r() * LEVELS.length)];
    const logger = LOGGERS[Math.floor(r() * LOGGERS.length)];
    const ctx = inSpan
      ? `dd.service=${SERVICES[seq & 1]} dd.env=Testing dd.version=V1.1 dd.trace_id=${this.u64()} dd.span_id=${this.u64()}`
      : `dd.service=${SERVICES[seq & 1]} dd.env=Testing dd.version=V1.1 dd.trace_id=0 dd.span_id=0`;
    return `${pythonTime(timeMs)} ${level} [${logger}] [lt.py:${20 + (seq % 80)}] [${ctx}] - Hello, World! ${seq}${suffix}\n`;
  }
}

/** Base time of pre-written lines (their timestamps advance 1 ms per line). */
const EPOCH = Date.UTC(2021, 5, 18, 10, 7, 8, 786);

/** Writes up to `lines` lines numbered from `firstSeq` (fewer if `maxMs` runs out); returns what it wrote. */
export function prewrite(file: string, firstSeq: number, lines: number, maxMs: number): { lines: number; bytes: number } {
  const gen = new LogLines(firstSeq + 7);
  const fd = openSync(file, 'w');
  const deadline = Date.now() + maxMs;
  let n = 0;
  let bytes = 0;
  try {
    while (n < lines && Date.now() < deadline) {
      let chunk = '';
      const end = Math.min(lines, n + 10000);
      for (; n < end; n++) chunk += gen.line(firstSeq + n, EPOCH + firstSeq + n);
      bytes += writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
  return { lines: n, bytes };
}
