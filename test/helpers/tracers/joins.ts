/**
 * How a run's log records joined their spans: the checks the e2e tests assert and the figures of the
 * join-rate matrix, from the same definitions.
 */
import type { SinkLog, SinkSpan } from '../sink';
import type { Outcome } from './scenario';

export type IdFormat = 'decimal low-64' | '32-hex' | '16-hex' | 'none';

/** The form of the trace id a log line carries. */
export function traceIdFormat(line: string): IdFormat {
  const t = /dd\.trace_id="?([0-9a-fA-F]*)/.exec(line)?.[1] ?? '';
  if (t === '' || /^0+$/.test(t)) return 'none';
  if (/^\d{1,20}$/.test(t)) return 'decimal low-64';
  if (t.length === 32) return '32-hex';
  return t.length === 16 ? '16-hex' : 'none';
}

/** The distinct forms of trace id in the lines. */
export function idFormats(lines: string[]): IdFormat[] {
  return [...new Set(lines.map(traceIdFormat))];
}

/** Whether a run's lines carry only the low 64 bits of 128-bit traces: they join only with recovery. */
export function needsRecovery(o: Outcome): boolean {
  const wide = o.spans.some((s) => !s.traceId.startsWith('0000000000000000'));
  return wide && o.lines.some((l) => ['decimal low-64', '16-hex'].includes(traceIdFormat(l)));
}

export function spansById(spans: SinkSpan[]): Map<string, SinkSpan> {
  return new Map(spans.map((s) => [s.spanId, s]));
}

/** The span a record joins (same span id and same 128-bit trace id at the sink), or why it does not. */
export function joinOf(log: SinkLog, spans: Map<string, SinkSpan>): { span?: SinkSpan; why?: string } {
  if (!log.spanId) return { why: 'the record has no span id' };
  const span = spans.get(log.spanId);
  if (!span) return { why: `no span ${log.spanId} at the sink` };
  if (span.traceId !== log.traceId) return { span, why: `trace id ${log.traceId || '(none)'}, its span's is ${span.traceId}` };
  return { span };
}

/** Every record that does not join, described; empty when all join. */
export function unjoined(logs: SinkLog[], spans: SinkSpan[]): string[] {
  const byId = spansById(spans);
  return logs.flatMap((l) => {
    const { why } = joinOf(l, byId);
    return why ? [`"${String(l.body)}": ${why}`] : [];
  });
}

export interface JoinStats {
  spans: number;
  lines: number;
  /** Records that reached the sink. */
  received: number;
  joined: number;
  idFormats: IdFormat[];
  /** Spans came with 128-bit trace ids (the high half as `_dd.p.tid`). */
  wideTraces: boolean;
  /** From a line's time to its span's arrival at the sink: the tracer's flush delay, plus the bridge's batch. */
  delayMs?: { median: number; max: number };
}

export function joinStats(o: Outcome, pipeline: string): JoinStats {
  const logs = o.logs[pipeline];
  const byId = spansById(o.spans);
  const delays = logs
    .filter((l) => l.spanId && o.spanArrivals.has(l.spanId))
    .map((l) => o.spanArrivals.get(l.spanId)! - Number(BigInt(l.timeUnixNano) / 1_000_000n))
    .sort((a, b) => a - b);
  return {
    spans: o.spans.length,
    lines: o.lines.length,
    received: logs.length,
    joined: logs.filter((l) => !joinOf(l, byId).why).length,
    idFormats: idFormats(o.lines),
    wideTraces: o.spans.some((s) => !s.traceId.startsWith('0000000000000000')),
    delayMs: delays.length ? { median: delays[Math.floor(delays.length / 2)], max: delays[delays.length - 1] } : undefined,
  };
}
