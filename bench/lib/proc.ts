/**
 * Resource use of another process from procfs: CPU seconds (utime + stime, which for a process
 * sums all its threads: libuv pool gzip, GC helpers) and resident memory.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces or parentheses: fields are counted from the last ')'.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / TICKS;
}

function statusKiB(pid: number, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

export const rssMiB = (pid: number): number => statusKiB(pid, 'VmRSS') / 1024;
/**
 * The file-backed part of RSS: mostly the node binary's code, shared with every node process. It
 * moves with the kernel's page cache, not with the process (the same build measured 75 and 88 MiB
 * RSS on one machine an hour apart once the binary's text was cached in huge pages).
 */
export const rssFileMiB = (pid: number): number => statusKiB(pid, 'RssFile') / 1024;
export const hwmMiB = (pid: number): number => statusKiB(pid, 'VmHWM') / 1024;

export interface Window {
  wallSec: number;
  cpuSec: number;
  /** Share of one core the process used over the window. */
  cores: number;
  rss: number[];
  /** RssFile at each RSS sample. */
  rssFile: number[];
  hwm: number;
}

/** Measures one window: CPU and wall between start and stop, VmRSS every second. */
export class ProcWindow {
  private readonly t0 = process.hrtime.bigint();
  private readonly cpu0: number;
  private readonly rss: number[] = [];
  private readonly rssFile: number[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number, sampleMs = 1000) {
    this.cpu0 = cpuSeconds(pid);
    this.sample();
    this.timer = setInterval(() => {
      try {
        this.sample();
      } catch {
        /* exited; stop() reports what we have */
      }
    }, sampleMs);
  }

  stop(): Window {
    clearInterval(this.timer);
    const wallSec = Number(process.hrtime.bigint() - this.t0) / 1e9;
    const cpuSec = cpuSeconds(this.pid) - this.cpu0;
    this.sample();
    return { wallSec, cpuSec, cores: cpuSec / wallSec, rss: this.rss, rssFile: this.rssFile, hwm: hwmMiB(this.pid) };
  }

  private sample(): void {
    this.rss.push(rssMiB(this.pid));
    this.rssFile.push(rssFileMiB(this.pid));
  }
}
