// What a script can use from the application that embeds the language: other scripts, a cache,
// point windows, IP databases, reference tables and outbound HTTP. Each is optional; a
// built-in that needs one that is absent fails the check, saying what to configure.

import type { ScriptCache } from './cache';
import type { HttpRequester } from './http';
import type { IpDatabase, IspDatabase } from './ipdb';
import type { ReferTables } from './refer-tables';
import type { ScriptResolver } from './scripts';

export interface Services {
  /** Where use("name.p") finds other scripts. */
  readonly scripts?: ScriptResolver;
  /** The cache of cache_get/cache_set. */
  readonly cache: ScriptCache;
  /** True when the caller holds point windows (RunOutcome.window) for point_window/window_hit. */
  readonly windows: boolean;
  /** The City database of geoip(). */
  readonly ipdb?: IpDatabase;
  /** The ISP database of ip2isp(). */
  readonly ispdb?: IspDatabase;
  /** The tables of query_refer_table/mquery_refer_table. */
  readonly referTables?: ReferTables;
  /** Outbound HTTP for http_request(); absent means not allowed. */
  readonly http?: HttpRequester;
}

/** How a built-in names the setting a missing service needs, in its check error. */
export const SERVICE_HINTS = {
  scripts: 'configure a scripts directory (log_pipeline: scripts_dir; the pipeline command: --scripts-dir)',
  windows: 'run it where point windows are held (the log_pipeline processor holds them; the pipeline command runs lines one by one and does not)',
  ipdb: 'configure a City database (log_pipeline: geoip.city_db, a MaxMind GeoLite2-City or GeoIP2-City MMDB file)',
  ispdb: 'configure an ISP database (log_pipeline: geoip.isp_db, a MaxMind GeoIP2-ISP MMDB file)',
  referTables: 'configure reference tables (log_pipeline: refer_tables, JSON or CSV files)',
  http: 'allow it explicitly (log_pipeline: http_request.enabled: true); read the risks in the docs first',
} as const;
