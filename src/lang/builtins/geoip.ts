import { defineBuiltin, key } from './define';

export const geoip = defineBuiltin({
  name: 'geoip',
  params: [key('ip')],
  returns: 'nil',
  doc: 'In Datakit: looks up an IP address in the configured IP database and writes `city`, `province`, `country` and `isp`. Not available here.',
  requires: 'an IP geolocation database (Datakit\'s ipdb), which this implementation does not ship',
  examples: [{ title: 'rejected at check time', script: 'geoip(client_ip)', input: '1.2.3.4' }],
  compile() {
    return () => null;
  },
});
