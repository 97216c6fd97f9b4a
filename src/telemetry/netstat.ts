/**
 * Connections the kernel refused because a listen backlog was full. They never reach the process,
 * so the only count is the kernel's: Linux's TcpExt ListenOverflows in /proc/net/netstat, kept per
 * network namespace (in a pod, the pod's own: the bridge and its app share it).
 */
import { readFileSync } from 'node:fs';

const NETSTAT = '/proc/net/netstat';

/** ListenOverflows from netstat text (header line, then value line, per group), or undefined when absent. */
export function listenOverflowsIn(text: string): number | undefined {
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!lines[i].startsWith('TcpExt:') || !lines[i + 1].startsWith('TcpExt:')) continue;
    const at = lines[i].split(/\s+/).indexOf('ListenOverflows');
    const value = Number(lines[i + 1].split(/\s+/)[at]);
    return at > 0 && Number.isFinite(value) ? value : undefined;
  }
  return undefined;
}

/** The namespace's count now, or undefined where the platform does not expose it. */
export function listenOverflows(file = NETSTAT): number | undefined {
  try {
    return listenOverflowsIn(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
