import { RuntimeError } from '../runtime';
import { type Value, type ValueMap, toText } from '../value';
import { defineBuiltin, key } from './define';
import { UrlError, parseGoQuery, parseGoUrl } from './lib/gourl';

export const url_parse = defineBuiltin({
  name: 'url_parse',
  params: [key('key')],
  returns: 'map',
  doc: 'Parses the URL text of `key` the way Go\'s net/url does, into a map with `scheme`, `host` (with its port), `port`, `path` (decoded) and `params` (the query parameters; a repeated one has its values joined with `,`). A path without scheme or host is a URL too (`"/var/log"` has only a path). Text Go refuses (a bad `%` escape, a bad port, a control character) stops the script with an error; a missing key gives nil.',
  examples: [
    {
      title: 'parts of a URL',
      script: 'm = url_parse(_)\nadd_key(host, m["host"])\nadd_key(port, m["port"])\nadd_key(path, m["path"])\nadd_key(q, m["params"]["q"])',
      input: 'https://example.com:8443/search%20all?q=grok&q=json',
      fields: { host: 'example.com:8443', port: '8443', path: '/search all', q: 'grok,json' },
    },
    { title: 'a path alone', script: 'm = url_parse(_)\nadd_key(p, m["path"])\nadd_key(s, m["scheme"])', input: '/var/log/app.log', fields: { p: '/var/log/app.log', s: '' } },
    { title: 'Go refuses it, the script stops', script: 'm = url_parse(_)', input: 'http://host:port/', error: 'invalid port' },
  ],
  compile({ key }) {
    return (rt) => {
      const v = rt.lookup(key);
      if (v === undefined || v === null) return null;
      const text = toText(v);
      let u: ReturnType<typeof parseGoUrl>;
      try {
        u = parseGoUrl(text);
      } catch (e) {
        if (e instanceof UrlError) throw new RuntimeError(`url_parse: cannot parse ${JSON.stringify(text)}: ${e.message}`);
        throw e;
      }
      const params: ValueMap = new Map();
      parseGoQuery(u.rawQuery).forEach((vs, k) => params.set(k, vs.join(',')));
      return new Map<string, Value>([['scheme', u.scheme], ['host', u.host], ['port', u.port], ['path', u.path], ['params', params]]);
    };
  },
});
