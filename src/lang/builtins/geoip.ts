// geoip(ip): city, province, country and ISP of an address, from the configured MaxMind databases.

import { toText } from '../value';
import { needs } from './util';
import { defineBuiltin, key } from './define';

export const geoip = defineBuiltin({
  name: 'geoip',
  params: [key('ip')],
  returns: 'nil',
  doc: 'Looks up the IPv4 or IPv6 address in `ip` in the configured MaxMind City database (log_pipeline: `geoip.city_db`, GeoLite2-City or GeoIP2-City MMDB) and writes `city`, `province` (the first subdivision), `country` (ISO code) and `isp` (from `geoip.isp_db`, a GeoIP2-ISP MMDB, as `ip2isp` returns it; "unknown" without one). As in Datakit, Taiwan, Hong Kong and Macao are written as country `CN` with the region as province, an address the database does not know writes empty names, and text that is not an IP address writes nothing. Without a configured City database the script fails the check, even when an ISP database is configured (use `ip2isp` for the ISP alone).',
  examples: [
    { title: 'city, province, country and ISP', script: 'json(_, ip)\ngeoip(ip)', input: '{"ip": "203.0.113.9"}', fields: { city: 'Brisbane', province: 'Queensland', country: 'AU', isp: 'Example Net' }, env: { ipdb: true } },
    { title: 'not an address: nothing written', script: 'geoip(_)', input: 'localhost', absent: ['city', 'isp'], env: { ipdb: true } },
    { title: 'without a City database', script: 'geoip(_)', input: '203.0.113.9', env: { checkError: 'geoip() needs a City database' } },
  ],
  compile({ ip }, cx) {
    const db = needs(cx, 'ipdb', 'a City database');
    if (!db) return () => null;
    return (rt) => {
      const v = rt.lookup(ip);
      if (v === undefined || v === null) return null;
      const rec = db.lookup(toText(v).trim());
      if (!rec) return null;
      rt.write('city', rec.city);
      rt.write('province', rec.province);
      rt.write('country', rec.country);
      rt.write('isp', rec.isp);
      return null;
    };
  },
});
