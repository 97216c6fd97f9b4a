import pino from 'pino';

export type Logger = pino.Logger;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The sidecar's own logs: JSON lines on stderr, so stdout stays free for command output. */
export function createLogger(level: LogLevel = 'info'): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2));
}

/** A logger that writes nothing, for tests and for code paths that run before config is read. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/**
 * Logs at most `perInterval` messages per key per interval, then one summary with the count
 * it held back; input-driven errors must not flood the log.
 */
export class RateLimitedLog {
  private counts = new Map<string, { n: number; since: number }>();
  constructor(
    private readonly logger: Logger,
    private readonly perInterval = 5,
    private readonly intervalMs = 10000,
  ) {}

  warn(key: string, obj: object, msg: string): void {
    const now = Date.now();
    let c = this.counts.get(key);
    if (!c || now - c.since > this.intervalMs) {
      if (c && c.n > this.perInterval) {
        this.logger.warn({ key, suppressed: c.n - this.perInterval }, 'suppressed repeated warnings');
      }
      c = { n: 0, since: now };
      this.counts.set(key, c);
    }
    c.n++;
    if (c.n <= this.perInterval) this.logger.warn(obj, msg);
  }
}
