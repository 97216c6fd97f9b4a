/**
 * The trace context Datadog's log injection writes into a line, found in the line itself: the
 * fallback for a script whose captures left no ids (a grok written for decimal ids meeting a tracer
 * that now writes 32 hex digits, say), so such a line still joins its span.
 */

/** `dd.trace_id=…`, `dd.trace_id="…"`, `"dd.trace_id":"…"`, `dd.trace_id: …`: the injection's forms. */
const TRACE = /\bdd\.trace_id"?\s*[=:]\s*"?([0-9A-Fa-f]{1,32})(?![0-9A-Za-z_])/;
const SPAN = /\bdd\.span_id"?\s*[=:]\s*"?([0-9A-Fa-f]{1,20})(?![0-9A-Za-z_])/;

export interface LineIds {
  trace: string;
  span: string;
}

/** The ids Datadog's injection wrote into `line`, or undefined when it holds no such pair. */
export function idsInLine(line: string): LineIds | undefined {
  // One substring test first: most lines that reach here carry no injected ids at all.
  if (!line.includes('dd.trace_id')) return undefined;
  const trace = TRACE.exec(line);
  if (!trace) return undefined;
  const span = SPAN.exec(line);
  return span ? { trace: trace[1], span: span[1] } : undefined;
}
