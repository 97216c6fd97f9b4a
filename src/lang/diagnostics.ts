import type { Pos } from './lexer';

export interface Diagnostic {
  /** Script name as given to compileScript (e.g. "nginx.p"). */
  file: string;
  line: number;
  col: number;
  severity: 'error';
  message: string;
  hint?: string;
}

export function diag(file: string, pos: Pos, message: string, hint?: string): Diagnostic {
  return { file, line: pos.line, col: pos.col, severity: 'error', message, ...(hint ? { hint } : {}) };
}

/**
 * Compiler-style text: `file:line:col: error: message`, the source line, a caret
 * under the column, then an optional `hint:` line. Tabs in the source line are
 * kept in the caret line so the caret lines up in a terminal.
 */
export function formatDiagnostics(diags: Diagnostic[], source: string): string {
  const lines = source.split('\n');
  const out: string[] = [];
  for (const d of diags) {
    out.push(`${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`);
    const text = (lines[d.line - 1] ?? '').replace(/\r$/, '');
    out.push(text);
    const pad = text.slice(0, Math.max(0, d.col - 1)).replace(/[^\t]/g, ' ');
    out.push(pad + '^');
    if (d.hint) out.push(`hint: ${d.hint}`);
  }
  return out.length ? out.join('\n') + '\n' : '';
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagPrev = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diagPrev + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagPrev = tmp;
    }
  }
  return prev[b.length];
}

/** The closest candidate within a distance that scales with the name's length. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  return bestD <= limit ? best : undefined;
}
