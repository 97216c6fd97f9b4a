import { Value, ValueMap } from '../value';
import { defineBuiltin, key } from './define';

export const url_parse = defineBuiltin({
  name: 'url_parse',
  params: [key('key')],
  returns: 'map',
  doc: 'Parses the URL text of `key` into a map with `scheme`, `host`, `port`, `path` and `params` (a map of query parameters, first value of each). Unparseable text gives nil.',
  examples: [
    {
      title: 'parts of a URL',
      script: 'm = url_parse(_)\nadd_key(host, m["host"])\nadd_key(q, m["params"]["q"])\nadd_key(port, m["port"])',
      input: 'https://example.com:8443/search?q=grok&x=1',
      fields: { host: 'example.com', q: 'grok', port: '8443' },
    },
  ],
  compile({ key }) {
    return (rt) => {
      const v = rt.lookup(key);
      if (typeof v !== 'string') return null;
      let u: URL;
      try {
        u = new URL(v);
      } catch {
        return null;
      }
      const params: ValueMap = new Map();
      u.searchParams.forEach((val, k) => { if (!params.has(k)) params.set(k, val); });
      const m: ValueMap = new Map<string, Value>([
        ['scheme', u.protocol.replace(/:$/, '')], ['host', u.hostname], ['port', u.port], ['path', u.pathname], ['params', params],
      ]);
      return m;
    };
  },
});
