/** `file_log` receiver config, with the Collector's filelog keys (and a few of our own, documented where they differ). */
import type { ConfigIssue } from '../../src/config/issue';
import * as s from '../../src/config/schema';
import { retryOnFailure } from '../../src/exporterhelper/config';
import { ENCODINGS } from './codec';

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1000, kib: 1024, mb: 1000 ** 2, mib: 1024 ** 2, gb: 1000 ** 3, gib: 1024 ** 3 };

/** A byte size the Collector's way: `1kb` is 1000 bytes, `1KiB` is 1024, a bare number is bytes. */
export function byteSize(opts: { min?: number } = {}): s.Decoder<number> {
  const expected = 'a byte size such as "1kb", "16KiB" or "1MiB"';
  return s.custom(expected, (raw, path, issues) => {
    let n: number | undefined;
    if (typeof raw === 'number' && Number.isInteger(raw)) n = raw;
    else if (typeof raw === 'string') {
      const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(raw);
      const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
      if (m && unit !== undefined) n = Math.floor(Number(m[1]) * unit);
    }
    if (n === undefined) {
      issues.push({ path, message: `must be ${expected}, got ${s.describe(raw)}` });
      return undefined;
    }
    if (opts.min !== undefined && n < opts.min) {
      issues.push({ path, message: `must be at least ${opts.min} bytes, got ${s.describe(raw)}` });
      return undefined;
    }
    return n;
  });
}

export const config = s.object({
  /** Globs (`*`, `?`, `[a-z]`, `{a,b}`, `**` across directories) of files to tail. */
  include: s.list(s.nonEmptyString()).required(),
  /** Globs removed from what `include` matched. */
  exclude: s.list(s.nonEmptyString()).def([]),
  /** Skip files not modified within this long (0 = off). */
  exclude_older_than: s.duration().def(0),
  /** Where to start in files found at the very first start (no checkpoint yet); later files always start at the beginning. */
  start_at: s.oneOf(['end', 'beginning'] as const).def('end'),
  poll_interval: s.duration({ min: 1 }).def(200),
  /** The first bytes of a file are its identity; names change on rotation, contents do not. */
  fingerprint_size: byteSize({ min: 16 }).def(1000),
  /** Entries longer than this are cut (see `max_log_size_behavior`) and counted. */
  max_log_size: byteSize({ min: 64 }).def(1024 * 1024),
  /** `truncate` (the Collector's default) drops the rest of a long entry; `split` emits it as further entries. */
  max_log_size_behavior: s.oneOf(['truncate', 'split'] as const).def('truncate'),
  encoding: s.oneOf(ENCODINGS).def('utf-8'),
  multiline: s
    .object({
      line_start_pattern: s.string(),
      line_end_pattern: s.string(),
    }),
  /** A last entry with no terminator is emitted once the file has been quiet this long (0 = never). */
  force_flush_period: s.duration().def(500),
  include_file_name: s.bool().def(true),
  include_file_path: s.bool().def(false),
  /** Static attributes added to every record. */
  attributes: s.map(s.string()).def({}),
  /** Resource attributes of every record. */
  resource: s.map(s.string()).def({}),
  /** Id of a storage extension (`file_storage`) holding read offsets; without it offsets live in memory only. */
  storage: s.nonEmptyString(),
  /** The most files read at once; more matches wait for a later poll. */
  max_concurrent_files: s.int({ min: 1 }).def(1024),
  /**
   * A refusing pipeline pauses the reader and the same lines are offered again with backoff: the
   * exporters' keys, with defaults of our own. Unlike the Collector this is on by default and
   * retries forever (`max_elapsed_time: 0`), because the file is already a durable buffer;
   * `enabled: false` drops refused lines (counted).
   */
  retry_on_failure: retryOnFailure({ enabled: true, initial_interval: 200, max_interval: 5000, max_elapsed_time: 0, multiplier: 2, randomization_factor: 0.25 }),
});

export type Config = s.Infer<typeof config>;

export function validate(cfg: Config): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (cfg.include.length === 0) issues.push({ path: 'include', message: 'must list at least one glob (for example "./logs/*.log")' });
  const { line_start_pattern: start, line_end_pattern: end } = cfg.multiline;
  if (start !== undefined && end !== undefined) {
    issues.push({ path: 'multiline', message: 'set only one of line_start_pattern and line_end_pattern' });
  }
  for (const [key, pattern] of [
    ['line_start_pattern', start],
    ['line_end_pattern', end],
  ] as const) {
    if (pattern === undefined) continue;
    if (pattern === '') {
      issues.push({ path: `multiline::${key}`, message: 'must not be empty' });
      continue;
    }
    try {
      new RegExp(pattern);
    } catch (err) {
      issues.push({ path: `multiline::${key}`, message: `is not a valid regular expression: ${(err as Error).message}` });
    }
  }
  if (cfg.retry_on_failure.initial_interval > cfg.retry_on_failure.max_interval) {
    issues.push({
      path: 'retry_on_failure::initial_interval',
      message: `must not be larger than max_interval (${cfg.retry_on_failure.initial_interval}ms > ${cfg.retry_on_failure.max_interval}ms); lower initial_interval or raise max_interval`,
    });
  }
  return issues;
}
