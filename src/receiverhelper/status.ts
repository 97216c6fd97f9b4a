/**
 * Error → HTTP answer for every HTTP receiver (the Collector's GetStatusFromError): what a sender
 * is told when its body could not be read or the pipeline did not take the data.
 */
import type { ServerResponse } from 'node:http';
import { errorMessage, PermanentError, RefusedError } from '../consumer/errors';
import { BodyError } from './body';

export interface HttpAnswer {
  status: number;
  /** One line, without a trailing newline. */
  message: string;
  /** Whole seconds for `Retry-After` (retryable refusals only). */
  retryAfterSeconds?: number;
  /** Close the connection after answering: the rest of the request is not worth reading. */
  close?: boolean;
}

/**
 * - a body error: its own status (413 also closes the connection);
 * - `PermanentError`: 400, the data will never be accepted;
 * - `RefusedError`: 503 with its Retry-After (at least 1 s);
 * - anything else is retryable (DESIGN: losing data by default is worse than sending it twice): 503, Retry-After 1.
 */
export function statusFor(err: unknown): HttpAnswer {
  const message = oneLine(err);
  if (err instanceof BodyError) return { status: err.status, message, close: err.status === 413 };
  if (err instanceof PermanentError) return { status: 400, message };
  const after = err instanceof RefusedError ? err.retryAfterSeconds : 1;
  return { status: 503, message, retryAfterSeconds: Math.max(1, Math.ceil(after)) };
}

/**
 * A request whose content could not be read or decoded: a body error's own status (413 over a
 * cap), 503 when memory pressure stopped it before the decode, else 400.
 */
export function statusForInput(err: unknown): HttpAnswer {
  return err instanceof BodyError || err instanceof RefusedError ? statusFor(err) : { status: 400, message: oneLine(err) };
}

function oneLine(err: unknown): string {
  return errorMessage(err).replace(/[\r\n]+/g, ' ');
}

/**
 * False when there is nobody left to answer: the listener already answered (a read timeout) or
 * the client went away. Receivers neither answer nor count such a request.
 */
export function canAnswer(res: ServerResponse): boolean {
  // A pipelined response waits for its socket (null until then) and is still ours to answer.
  const socket = res.socket;
  return !res.headersSent && !res.destroyed && (socket === null || socket.writable);
}

/** The headers an answer implies (`Retry-After`, `Connection: close`). */
export function setAnswerHeaders(res: ServerResponse, a: HttpAnswer): void {
  if (a.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(a.retryAfterSeconds));
  if (a.close) res.setHeader('Connection', 'close');
}
