// The IP databases of geoip() and ip2isp(): MaxMind DB (MMDB) files read with mmdb-lib, the reader
// the `maxmind` package is built on. Datakit's geoip reads a GeoLite2/GeoIP2 City database and,
// when present, a GeoIP2 ISP database, the same files this takes; either may be given alone.

import * as fs from 'node:fs';
import { isIP } from 'node:net';
import type { Reader } from 'mmdb-lib';

/** What geoip() writes. */
export interface GeoRecord {
  city: string;
  province: string;
  country: string;
  isp: string;
}

/** The City database (with the ISP database, when there is one, for geoip()'s `isp`). */
export interface IpDatabase {
  /** The record of `ip`, or undefined when `ip` is not an IP address. */
  lookup(ip: string): GeoRecord | undefined;
}

/** The ISP database of ip2isp(). */
export interface IspDatabase {
  /** The ISP name of `ip`; "unknown" when `ip` is not an address or the database has no name for it. */
  isp(ip: string): string;
}

interface Named { names?: Record<string, string> }
interface CityResponse {
  city?: Named;
  subdivisions?: Named[];
  country?: { iso_code?: string };
}

/** A database file that cannot be used; `which` says whether it was the city or the ISP one. */
export class IpDatabaseError extends Error {
  constructor(readonly which: 'city' | 'isp', message: string) {
    super(message);
  }
}

function open<T>(file: string, which: 'city' | 'isp'): Reader<T & object> {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    throw new IpDatabaseError(which, `cannot read "${file}": ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    // Loaded only when a database is configured.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Reader: MmdbReader } = require('mmdb-lib') as typeof import('mmdb-lib');
    return new MmdbReader<T & object>(buf);
  } catch (e) {
    throw new IpDatabaseError(which, `"${file}" is not a MaxMind DB (MMDB) file: ${(e as Error).message}`);
  }
}

/**
 * Opens a GeoIP2 ISP database. Another kind of database is refused: its records have no `isp`,
 * so every answer would be "unknown" (Datakit's reader answers so for them), which hides the
 * mistake. GeoLite2-ASN in particular names autonomous systems, not ISPs.
 */
export function openIspDatabase(file: string): IspDatabase {
  const reader = open<{ isp?: string }>(file, 'isp');
  const type = reader.metadata.databaseType;
  if (!/ISP/.test(type)) {
    throw new IpDatabaseError('isp', `"${file}" is a ${type} database, not an ISP one (use GeoIP2-ISP.mmdb; GeoLite2-ASN names autonomous systems, not ISPs)`);
  }
  return {
    isp(ip) {
      if (isIP(ip) === 0) return 'unknown';
      return reader.get(ip)?.isp ?? 'unknown';
    },
  };
}

// As Datakit (ipdb.CheckData): these regions are reported under CN with the region as province.
const REGIONS: Record<string, string> = { TW: 'Taiwan', MO: 'Macao', HK: 'Hong Kong' };

/**
 * Opens a City database, with an ISP database (a file, or one already opened) for `isp`; throws
 * IpDatabaseError naming the file on failure.
 */
export function openIpDatabase(cityDb: string, ispDb?: string | IspDatabase): IpDatabase {
  const city = open<CityResponse>(cityDb, 'city');
  const isp = typeof ispDb === 'string' ? openIspDatabase(ispDb) : ispDb;
  return {
    lookup(ip) {
      if (isIP(ip) === 0) return undefined;
      const r = city.get(ip);
      const rec: GeoRecord = {
        city: r?.city?.names?.en ?? '',
        province: r?.subdivisions?.[0]?.names?.en ?? '',
        country: r?.country?.iso_code ?? '',
        isp: isp?.isp(ip) ?? 'unknown',
      };
      if (Object.hasOwn(REGIONS, rec.country)) {
        rec.province = REGIONS[rec.country];
        rec.country = 'CN';
      }
      return rec;
    },
  };
}
