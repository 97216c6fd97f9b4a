/** Top self-time functions of a V8 .cpuprofile (what `node --cpu-prof` writes). */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export function topFunctions(file: string, n = 15): string {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[] };
  const byNode = new Map<number, Node>(prof.nodes.map((x) => [x.id, x]));
  const counts = new Map<string, number>();
  for (const id of prof.samples) {
    const f = byNode.get(id)!.callFrame;
    const where = f.url ? `${path.relative(process.cwd(), f.url.replace(/^file:\/\//, ''))}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const total = prof.samples.length;
  const rows = [...counts].sort((a, b) => b[1] - a[1]).slice(0, n);
  return rows.map(([k, c]) => `${((100 * c) / total).toFixed(1).padStart(5)}%  ${k}`).join('\n');
}
