/**
 * syslog-ng, the C log processor ../shared/perf/reference/compare-logs.sh measures the bridge against:
 * installed from Debian (syslog-ng-core) when missing, run with bench/peers/syslog-ng.conf pinned to the
 * sidecar's core; its output lines are counted as they are written.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { spawnPinned, type Pinned } from './pinned';

const CONF = path.resolve(__dirname, '../peers/syslog-ng.conf');
const has = () => spawnSync('sh', ['-c', 'command -v syslog-ng'], { stdio: 'ignore' }).status === 0;

/** True when syslog-ng can run here (installing it if root may), else one line saying why not. */
export function ensureSyslogNg(log: (line: string) => void): true | string {
  if (process.env.BENCH_SYSLOG_NG === '0') return 'syslog-ng: left out (BENCH_SYSLOG_NG=0)';
  if (has()) return true;
  if (process.getuid?.() !== 0) return 'syslog-ng: left out, not installed (Debian package syslog-ng-core) and not root to install it';
  log('# installing syslog-ng-core from Debian');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-qq', 'syslog-ng-core'], { env, stdio: 'ignore' }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update', '-qq'], { env, stdio: 'ignore' });
    install();
  }
  return has() || 'syslog-ng: left out, apt-get could not install syslog-ng-core';
}

export interface SyslogNg extends Pinned {
  /** Lines written to out.json so far. */
  lines(): number;
}

/** syslog-ng reading `dir`/in.log (rename a file there to start) and writing `dir`/out.json. */
export async function startSyslogNg(dir: string): Promise<SyslogNg> {
  const p = spawnPinned('syslog-ng', ['-F', '-f', CONF, '-R', path.join(dir, 'persist'), '-c', path.join(dir, 'ctl'), '--no-caps'], {
    env: { ...process.env, BENCH_SNG_DIR: dir },
  });
  // It says nothing when ready: its control socket appearing is the sign.
  const deadline = Date.now() + 30000;
  while (!existsSync(path.join(dir, 'ctl'))) {
    if (Date.now() > deadline || p.proc.exitCode !== null) throw new Error(`syslog-ng did not start:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const out = path.join(dir, 'out.json');
  const buf = Buffer.allocUnsafe(1 << 20);
  let pos = 0;
  let count = 0;
  return {
    ...p,
    lines() {
      if (!existsSync(out)) return 0;
      const fd = openSync(out, 'r');
      try {
        for (let n; (n = readSync(fd, buf, 0, buf.length, pos)) > 0; pos += n) for (let i = 0; i < n; i++) if (buf[i] === 10) count++;
      } finally {
        closeSync(fd);
      }
      return count;
    },
  };
}
