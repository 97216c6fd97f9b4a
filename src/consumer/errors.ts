/**
 * The outcome of `consume` is the acknowledgement: resolve = accepted downstream,
 * reject = not accepted. Every rejection is retryable unless it is a PermanentError,
 * because losing data by default is worse than sending it twice.
 */
export class PermanentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

/**
 * A retryable refusal with a hint for the sender (memory limiter, full queue).
 * Receivers answer 503/429 with Retry-After so that clients slow down instead of dropping.
 */
export class RefusedError extends Error {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds = 1) {
    super(message);
    this.name = 'RefusedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function isPermanent(err: unknown): boolean {
  return err instanceof PermanentError;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
