// The IP database of geoip(): MaxMind DB (MMDB) files read with mmdb-lib, the reader the
// `maxmind` package is built on. Datakit's geoip reads a GeoLite2/GeoIP2 City database and,
// when present, a GeoIP2 ISP database, the same files this takes.

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

export interface IpDatabase {
  /** The record of `ip`, or undefined when `ip` is not an IP address. */
  lookup(ip: string): GeoRecord | undefined;
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

// As Datakit (ipdb.CheckData): these regions are reported under CN with the region as province.
const REGIONS: Record<string, string> = { TW: 'Taiwan', MO: 'Macao', HK: 'Hong Kong' };

/** Opens a City database and optionally an ISP database; throws IpDatabaseError naming the file on failure. */
export function openIpDatabase(cityDb: string, ispDb?: string): IpDatabase {
  const city = open<CityResponse>(cityDb, 'city');
  const isp = ispDb === undefined ? undefined : open<{ isp?: string }>(ispDb, 'isp');
  return {
    lookup(ip) {
      if (isIP(ip) === 0) return undefined;
      const r = city.get(ip);
      const rec: GeoRecord = {
        city: r?.city?.names?.en ?? '',
        province: r?.subdivisions?.[0]?.names?.en ?? '',
        country: r?.country?.iso_code ?? '',
        isp: isp?.get(ip)?.isp ?? 'unknown',
      };
      if (Object.hasOwn(REGIONS, rec.country)) {
        rec.province = REGIONS[rec.country];
        rec.country = 'CN';
      }
      return rec;
    },
  };
}
