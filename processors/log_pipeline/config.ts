/** `log_pipeline` processor config: the script, or scripts chosen per record by rules, the time zone, and what scripts may use. */
import * as s from '../../src/config/schema';
import type { ConfigIssue } from '../../src/config/issue';
import { type CompileOptions, IpDatabaseError, MAX_HTTP_TIMEOUT_MS, ScriptCache, httpRequester, loadReferTables, openIpDatabase, openIspDatabase, scriptsDirectory } from '../../src/lang';
import { DEFAULT_MATCH_BUDGET_MS } from '../../src/lang';
import { DEFAULT_WINDOW_BOUNDS } from './windows';

const rule = s.object({
  /** Record attribute the pattern is matched against; file_log sets `log.file.name` by default (`log.file.path` with include_file_path). */
  attribute: s.nonEmptyString().def('log.file.name'),
  /** A JavaScript regular expression, unanchored. */
  pattern: s.nonEmptyString().required(),
  script: s.nonEmptyString(),
  script_file: s.nonEmptyString(),
});

export const config = s.object({
  /** Script text, or `builtin:NAME` for a ready-made script. */
  script: s.nonEmptyString(),
  /** Path of a script file (relative paths are from the working directory). */
  script_file: s.nonEmptyString(),
  /** Scripts chosen per record by an attribute; the first match wins, `script`/`script_file` is the fallback. */
  rules: s.list(rule).def([]),
  /** IANA zone for log times written without one; default: the process's zone. */
  timezone: s.nonEmptyString(),
  /** Directory of the scripts `use("name.p")` runs (names are relative to it). */
  scripts_dir: s.nonEmptyString(),
  /** MaxMind databases for `geoip()` and `ip2isp()`; at least one of the two. */
  geoip: s.optional(s.object({
    /** City database (GeoLite2-City.mmdb or GeoIP2-City.mmdb), for `geoip()`. */
    city_db: s.nonEmptyString(),
    /** ISP database (GeoIP2-ISP.mmdb), for `ip2isp()` and the `isp` of `geoip()` ("unknown" without it). */
    isp_db: s.nonEmptyString(),
  })),
  /** Reference tables for `query_refer_table()`: JSON files in Datakit's form, or CSV files (one table each). */
  refer_tables: s.list(s.nonEmptyString()).def([]),
  /** `http_request()`: off unless enabled (the process waits for each request; see the docs for the risks). */
  http_request: s.object({
    enabled: s.bool().def(false),
    /** Longest wait for one request; at most 10s. */
    timeout: s.duration({ min: 1 }).def(2000),
    /** Hosts (`name` or `name:port`) scripts may call; empty means any. */
    allowed_hosts: s.list(s.nonEmptyString()).def([]),
  }),
  /** What the point windows (point_window/window_hit) of this processor may hold, all streams together. */
  point_windows: s.object({
    /** Dropped records held at most; past it the oldest held is let go, counted. */
    max_records: s.int({ min: 1 }).def(DEFAULT_WINDOW_BOUNDS.max_records),
    /** Their estimated heap size at most, in MiB; past it likewise. */
    max_mib: s.int({ min: 1 }).def(DEFAULT_WINDOW_BOUNDS.max_mib),
    /** Streams (script, file and stream tags) kept at most; the least recently used goes with what it held. */
    max_streams: s.int({ min: 1 }).def(DEFAULT_WINDOW_BOUNDS.max_streams),
  }),
  /** Time all grok/regex matches of one record may take (5ms); a match past it fails, counted. */
  match_budget: s.duration({ min: 1 }).def(DEFAULT_MATCH_BUDGET_MS),
  /** A trace_index extension id; default: the bridge's (`trace_index` if configured, else an implicit one). */
  trace_index: s.nonEmptyString(),
});

export type Config = s.Infer<typeof config>;
/** Where one script comes from: the top level or a rule. */
export type ScriptSource = Pick<Config, 'script' | 'script_file'>;

/**
 * What the scripts of one processor may use, made from the config: other scripts, one cache shared
 * by its scripts, point windows (the processor holds them), IP databases, reference tables, outbound HTTP. Problems are issues with their key.
 */
export function scriptServices(cfg: Config): { services: Partial<CompileOptions>; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const services: Partial<CompileOptions> = { cache: new ScriptCache(), windows: true };
  if (cfg.scripts_dir !== undefined) services.scripts = scriptsDirectory(cfg.scripts_dir);
  const geo = cfg.geoip;
  if (geo) {
    if (geo.city_db === undefined && geo.isp_db === undefined) issues.push({ path: 'geoip', message: 'names no database: set city_db (for geoip()), isp_db (for ip2isp()) or both' });
    // Each file on its own, so that both are reported when both are wrong.
    const opening = (open: () => void) => {
      try {
        open();
      } catch (err) {
        issues.push({ path: err instanceof IpDatabaseError ? `geoip::${err.which}_db` : 'geoip', message: (err as Error).message });
      }
    };
    const { city_db: cityDb, isp_db: ispDb } = geo;
    if (ispDb !== undefined) opening(() => { services.ispdb = openIspDatabase(ispDb); });
    if (cityDb !== undefined) opening(() => { services.ipdb = openIpDatabase(cityDb, services.ispdb); });
  }
  // Configs built in code (tests, the CLI) may leave out the keys that have defaults.
  const tables = cfg.refer_tables ?? [];
  if (tables.length) {
    try {
      services.referTables = loadReferTables(tables);
    } catch (err) {
      issues.push({ path: 'refer_tables', message: (err as Error).message });
    }
  }
  const http = cfg.http_request ?? { enabled: false, timeout: 0, allowed_hosts: [] };
  if (http.timeout > MAX_HTTP_TIMEOUT_MS) issues.push({ path: 'http_request::timeout', message: `must be at most ${MAX_HTTP_TIMEOUT_MS / 1000}s: the whole process waits for each request` });
  else if (http.enabled) services.http = httpRequester({ timeoutMs: http.timeout, allowedHosts: http.allowed_hosts });
  return { services, issues };
}
