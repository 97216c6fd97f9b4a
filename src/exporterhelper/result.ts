/**
 * What one export came to, in one vocabulary from the transport up to the queue (the shape of
 * otel-js's ExportResult and the Collector's consumererror): delivered (perhaps only in part),
 * worth trying again (perhaps after a delay the server asked for), or never going to succeed.
 */
import { PermanentError } from '../consumer/errors';
import type { PartialSuccess } from '../otlp/encode';

export type ExportResult =
  | { kind: 'ok'; partial?: PartialSuccess }
  | { kind: 'retryable'; message: string; throttleMs?: number }
  | { kind: 'permanent'; message: string };

export const OK: ExportResult = { kind: 'ok' };

/**
 * The error a caller is refused with when a request ended `r` (not ok): permanent stays permanent
 * (receivers answer 400); anything else is retryable (503), so the sender may offer it again.
 */
export function resultError(r: Exclude<ExportResult, { kind: 'ok' }>): Error {
  return r.kind === 'permanent' ? new PermanentError(r.message) : new Error(r.message);
}
