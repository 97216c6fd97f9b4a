import { SeverityNumber } from '@opentelemetry/api-logs';

/**
 * Level names as Datakit normalises `status` and as Python, Java, Node (pino/winston/bunyan),
 * Go and syslog write them, mapped to OTel severity numbers. Matching ignores case.
 *
 * | written as                                            | severity number (text kept as written) |
 * |-------------------------------------------------------|-----------------------------------------|
 * | trace, t, finest, finer                               | TRACE (1)                               |
 * | debug, d, fine, verbose, config                       | DEBUG (5)                               |
 * | info, i, information, informational, ok, s, success  | INFO (9)                                |
 * | notice, n                                             | INFO2 (10)                              |
 * | warn, warning, w                                      | WARN (13)                               |
 * | error, err, e, severe                                 | ERROR (17)                              |
 * | critical, crit, c, fatal, f, panic                    | FATAL (21)                              |
 * | alert, a                                              | FATAL2 (22)                             |
 * | emerg, emergency                                      | FATAL4 (24)                             |
 * | pino/bunyan numbers 10/20/30/40/50/60                  | TRACE/DEBUG/INFO/WARN/ERROR/FATAL       |
 */
const NAMES: Record<string, SeverityNumber> = {};
const add = (n: SeverityNumber, ...names: string[]) => names.forEach((x) => (NAMES[x] = n));
add(SeverityNumber.TRACE, 'trace', 't', 'finest', 'finer');
add(SeverityNumber.DEBUG, 'debug', 'd', 'fine', 'verbose', 'config');
add(SeverityNumber.INFO, 'info', 'i', 'information', 'informational', 'ok', 's', 'success');
add(SeverityNumber.INFO2, 'notice', 'n');
add(SeverityNumber.WARN, 'warn', 'warning', 'w');
add(SeverityNumber.ERROR, 'error', 'err', 'e', 'severe');
add(SeverityNumber.FATAL, 'critical', 'crit', 'c', 'fatal', 'f', 'panic');
add(SeverityNumber.FATAL2, 'alert', 'a');
add(SeverityNumber.FATAL4, 'emerg', 'emergency');

const PINO: Record<number, [SeverityNumber, string]> = {
  10: [SeverityNumber.TRACE, 'trace'],
  20: [SeverityNumber.DEBUG, 'debug'],
  30: [SeverityNumber.INFO, 'info'],
  40: [SeverityNumber.WARN, 'warn'],
  50: [SeverityNumber.ERROR, 'error'],
  60: [SeverityNumber.FATAL, 'fatal'],
};

export interface Severity {
  number: SeverityNumber;
  text: string;
}

/**
 * Answers for level texts seen recently: a log has a handful of level spellings, and reading one
 * costs a trim, a regex and a lowercase copy per line. Bounded against ever-new texts; answers
 * are shared, so callers must not change them.
 */
const TEXT_CACHE = new Map<string, Severity | undefined>();
const TEXT_CACHE_MAX = 64;

/** The severity of a `level`/`status` value, or undefined when it names no known level. */
export function severityOf(value: unknown): Severity | undefined {
  if (typeof value === 'string') {
    let s = TEXT_CACHE.get(value);
    if (s === undefined && !TEXT_CACHE.has(value)) {
      s = severityOfUncached(value);
      if (TEXT_CACHE.size >= TEXT_CACHE_MAX) TEXT_CACHE.clear();
      TEXT_CACHE.set(value, s);
    }
    return s;
  }
  return severityOfUncached(value);
}

function severityOfUncached(value: unknown): Severity | undefined {
  if (typeof value === 'number' || typeof value === 'bigint') {
    const p = PINO[Number(value)];
    return p ? { number: p[0], text: p[1] } : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return severityOf(Number(text));
  const lower = text.toLowerCase();
  const n = Object.hasOwn(NAMES, lower) ? NAMES[lower] : undefined;
  return n === undefined ? undefined : { number: n, text };
}
