/** The sidecar's own logs (pino), with every line passed through the secret redaction before it is written. */
import pino from 'pino';
import { redact } from '../util/redact';

export type Logger = pino.Logger;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** One JSON log line as `time LEVEL msg key=value ...`, for people reading a terminal. */
export function consoleLine(json: string): string {
  try {
    const { time, level, msg, ...rest } = JSON.parse(json) as Record<string, unknown>;
    const extra = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
    return [time, LEVEL_NAMES[level as number] ?? level, msg, ...extra].join('\t') + '\n';
  } catch {
    return json;
  }
}

/**
 * The sidecar's own logs on stderr (stdout stays free for command output): JSON lines, or
 * tab-separated text with `encoding: console`. Every line is redacted (util/redact.ts) as it is
 * written: no call site has to remember it, and text from Node or a library is covered too.
 */
export function createLogger(level: LogLevel = 'info', encoding: 'json' | 'console' = 'json'): Logger {
  const opts = { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime, hooks: { streamWrite: redact } };
  if (encoding === 'json') return pino(opts, pino.destination(2));
  return pino(opts, { write: (line: string) => process.stderr.write(consoleLine(line)) });
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

  /** Keys are often file paths; past this many, expired ones are forgotten so the map stays bounded. */
  static readonly MAX_KEYS = 1000;

  warn(key: string, obj: object, msg: string): void {
    const now = Date.now();
    if (this.counts.size >= RateLimitedLog.MAX_KEYS && !this.counts.has(key)) this.prune(now);
    let c = this.counts.get(key);
    if (!c || now - c.since > this.intervalMs) {
      if (c && c.n > this.perInterval) {
        this.logger.warn({ key, suppressed: c.n - this.perInterval }, 'Suppressed repeated warnings');
      }
      c = { n: 0, since: now };
      this.counts.set(key, c);
    }
    c.n++;
    if (c.n <= this.perInterval) this.logger.warn(obj, msg);
  }

  get size(): number {
    return this.counts.size;
  }

  private prune(now: number): void {
    for (const [k, c] of this.counts) {
      if (now - c.since > this.intervalMs) {
        if (c.n > this.perInterval) this.logger.warn({ key: k, suppressed: c.n - this.perInterval }, 'Suppressed repeated warnings');
        this.counts.delete(k);
      }
    }
    // All still within their interval: drop the oldest rather than grow without bound.
    while (this.counts.size >= RateLimitedLog.MAX_KEYS) this.counts.delete(this.counts.keys().next().value!);
  }
}
