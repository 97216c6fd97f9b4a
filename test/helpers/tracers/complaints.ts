/**
 * Reads a tracer's own log (at debug level) into records and picks out its complaints about the
 * agent: anything it logs as a warning or an error, and any record about a payload it dropped or
 * failed to send, whatever its level.
 */
import type { Tracer } from './apps';

export interface TracerRecord {
  level: string;
  text: string;
}

/** Where a record starts, and its level, in each tracer's own log format. */
const RECORD_START: Record<Tracer, RegExp> = {
  // 2026-12-07 02:58:52,724 WARNING [ddtrace.debugging._uploader] [_uploader.py:164] - ...
  python: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ([A-Z]+) \[/,
  // 2026/12/07 03:03:29 Datadog Tracer v2.12.0 DEBUG: ...
  go: /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d Datadog Tracer v\S+ ([A-Z]+)\b/,
  // [dd.trace 2026-12-07 03:06:04:458 +0000] [dd-task-scheduler] INFO datadog.trace... - ...
  java: /^\[dd\.trace [^\]]*\] \[[^\]]*\] ([A-Z_]+) /,
};

/** Splits a log into records; lines that do not start a record (stack traces, wrapped text) continue the last one. */
export function tracerRecords(tracer: Tracer, log: string): TracerRecord[] {
  const out: TracerRecord[] = [];
  for (const line of log.split('\n')) {
    const m = RECORD_START[tracer].exec(line);
    if (m) out.push({ level: m[1], text: line });
    else if (out.length && line !== '') out[out.length - 1].text += '\n' + line;
    else if (line !== '') out.push({ level: '', text: line });
  }
  return out;
}

const COMPLAINING_LEVELS = new Set(['WARN', 'WARNING', 'ERROR', 'CRITICAL', 'FATAL']);
const LOST_DATA = /\b(?:fail(?:ed|ure)?|unable|could not|cannot)\b[^\n]{0,40}\b(?:send|sending|flush|flushing|upload|submit|write|writing)\b|\bdrop(?:ped|ping)?\b[^\n]{0,60}\b(?:traces?|spans?|payloads?)\b|agent_error['"]?:\s*['"][^'"]/i;

/** Counters of nothing lost ("Spans dropped by trace processors: 0", "Failed: 0") are not complaints. */
const NOTHING_LOST = /\b[\w ]*(?:drop|fail)[\w ]*:\s*0\b/gi;

/** A complaint a tracer is known to make about the bridge's answers, with the change that ends it. */
export interface KnownComplaint {
  tracer: Tracer;
  pattern: RegExp;
  /** The request, the bridge's answer, and the fix. */
  why: string;
}

/**
 * Complaints known to come from the bridge's current answers. Each names what the tracer asked,
 * what the bridge answered and the change that ends it; the tests assert that nothing else appears.
 */
export const KNOWN_COMPLAINTS: KnownComplaint[] = [];

/** The tracer's complaints about the agent, leaving out the known ones. */
export function agentComplaints(tracer: Tracer, log: string): string[] {
  return tracerRecords(tracer, log)
    .filter((r) => COMPLAINING_LEVELS.has(r.level) || LOST_DATA.test(r.text.replace(NOTHING_LOST, '')))
    .filter((r) => !KNOWN_COMPLAINTS.some((k) => k.tracer === tracer && k.pattern.test(r.text)))
    .map((r) => r.text.split('\n').slice(0, 3).join('\n'));
}
