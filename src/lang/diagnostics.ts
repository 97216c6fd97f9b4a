// Script diagnostics: the value the parser and compiler return (never throw), and the one
// renderer that prints them the way compilers do.

import type { Pos } from './lexer';
import { nearest } from '../util/suggest';

export interface Diagnostic {
  /** Script name as given to compileScript (e.g. "nginx.p"). */
  file: string;
  line: number;
  col: number;
  severity: 'error';
  message: string;
  hint?: string;
  /** For a diagnostic in a script reached through use(): the source line it points into. */
  lineText?: string;
  /** For a diagnostic in a script reached through use(): the use() calls that led there, innermost first. */
  usedFrom?: Array<{ file: string; line: number; col: number }>;
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
    const text = (d.lineText ?? lines[d.line - 1] ?? '').replace(/\r$/, '');
    out.push(text);
    const pad = text.slice(0, Math.max(0, d.col - 1)).replace(/[^\t]/g, ' ');
    out.push(pad + '^');
    if (d.hint) out.push(`hint: ${d.hint}`);
    for (const u of d.usedFrom ?? []) out.push(`note: used from ${u.file}:${u.line}:${u.col}`);
  }
  return out.length ? out.join('\n') + '\n' : '';
}

/**
 * The name a misspelt `word` most likely meant, for "did you mean". A name the word begins wins
 * over one a few edits away (`lower` is `lowercase`, not `cover`): names of functions are
 * shortened more often than mistyped. Both choices follow the shared rule of `nearest`.
 */
export function suggestName(word: string, names: Iterable<string>): string | undefined {
  const all = [...names];
  const w = word.toLowerCase();
  return nearest(word, all.filter((n) => n.length > w.length && n.toLowerCase().startsWith(w))) ?? nearest(word, all);
}
