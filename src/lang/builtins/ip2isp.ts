// ip2isp(ip): the ISP name of an address, from the configured MaxMind GeoIP2-ISP database.
// Datakit answers it from its own range file (ipdb SearchIsp); the answers have the same shape.

import { needs } from './util';
import { defineBuiltin, expr } from './define';

export const ip2isp = defineBuiltin({
  name: 'ip2isp',
  params: [expr('ip')],
  returns: 'str',
  doc: 'Returns the ISP name of the IPv4 or IPv6 address `ip`, from the configured ISP database (log_pipeline: `geoip.isp_db`, a MaxMind GeoIP2-ISP MMDB; no City database is needed). As Datakit\'s ISP lookup, it returns "unknown" for an address the database names no ISP for and for anything that is not an IP address (other text, a number, nil); surrounding spaces are ignored. It writes nothing itself: add the result with `add_key`, or keep it in a variable. Without a configured ISP database the script fails the check.',
  examples: [
    { title: 'a known address', script: 'json(_, ip)\nadd_key(isp, ip2isp(ip))', input: '{"ip": "203.0.113.9"}', fields: { isp: 'Example Net' }, env: { ipdb: true } },
    { title: 'an address without an ISP', script: 'add_key(isp, ip2isp(_))', input: '2001:db8::1', fields: { isp: 'unknown' }, env: { ipdb: true } },
    { title: 'not an address', script: 'add_key(isp, ip2isp(_))', input: 'localhost', fields: { isp: 'unknown' }, env: { ipdb: true } },
    { title: 'without an ISP database', script: 'add_key(isp, ip2isp(_))', input: '203.0.113.9', env: { checkError: 'ip2isp() needs an ISP database' } },
  ],
  compile({ ip }, cx) {
    const db = needs(cx, 'ispdb', 'an ISP database');
    if (!db) return () => null;
    return (rt) => {
      const v = ip(rt);
      return typeof v === 'string' ? db.isp(v.trim()) : 'unknown';
    };
  },
});
