// Go's net/url.Parse, for url_parse(): the same split into scheme, host (with its port), path
// and query, and the same inputs rejected. WHATWG URL (JavaScript's URL) differs: it drops
// default ports, lowercases hosts, refuses path-only references and rewrites backslashes.

export interface GoUrl {
  scheme: string;
  /** Host with its port, as Go's URL.Host. */
  host: string;
  /** The port after the last colon of the host, when it is all digits (URL.Port()). */
  port: string;
  /** Decoded path. */
  path: string;
  rawQuery: string;
}

export class UrlError extends Error {}

const HEX = /^[0-9a-fA-F]{2}$/;

type Mode = 'path' | 'host' | 'user' | 'query' | 'fragment';

/** Allowed unescaped in a host (beyond letters and digits), as Go's shouldEscape for hosts. */
const HOST_OK = new Set("!$&'()*+,;=:[]<>\"-_.~");

/** Go's unescape: %XX decoding, '+' as space in query components, host character rules. */
function unescape(s: string, mode: Mode): string {
  let out = '';
  let bytes: number[] = [];
  const flush = () => {
    if (bytes.length) out += Buffer.from(bytes).toString('utf8');
    bytes = [];
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!HEX.test(hex)) throw new UrlError(`invalid URL escape ${JSON.stringify(s.slice(i, i + 3))}`);
      // In a host only non-ASCII bytes (and %25, for IPv6 zones) may be escaped.
      if (mode === 'host' && parseInt(hex[0], 16) < 8 && hex !== '25') throw new UrlError(`invalid URL escape ${JSON.stringify(s.slice(i, i + 3))}`);
      bytes.push(parseInt(hex, 16));
      i += 2;
      continue;
    }
    flush();
    if (c === '+' && mode === 'query') out += ' ';
    else if (mode === 'host' && c.charCodeAt(0) < 0x80 && !/[A-Za-z0-9]/.test(c) && !HOST_OK.has(c)) throw new UrlError(`invalid character ${JSON.stringify(c)} in host name`);
    else out += c;
  }
  flush();
  return out;
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new UrlError("missing ']' in host");
    if (!validOptionalPort(host.slice(i + 1))) throw new UrlError(`invalid port ${JSON.stringify(host.slice(i + 1))} after host`);
  } else {
    const i = host.lastIndexOf(':');
    if (i >= 0 && !validOptionalPort(host.slice(i))) throw new UrlError(`invalid port ${JSON.stringify(host.slice(i))} after host`);
  }
  return unescape(host, 'host');
}

const USERINFO_OK = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;

/** Parses like Go's url.Parse; throws UrlError with Go's reason on input Go rejects. */
export function parseGoUrl(raw: string): GoUrl {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new UrlError('invalid control character in URL');
  const hash = raw.indexOf('#');
  if (hash >= 0) unescape(raw.slice(hash + 1), 'fragment');
  let rest = hash >= 0 ? raw.slice(0, hash) : raw;
  const out: GoUrl = { scheme: '', host: '', port: '', path: '', rawQuery: '' };
  if (rest === '*') return { ...out, path: '*' };
  const m = /^[A-Za-z][A-Za-z0-9+\-.]*:/.exec(rest);
  if (rest.startsWith(':')) throw new UrlError('missing protocol scheme');
  if (m) {
    out.scheme = m[0].slice(0, -1).toLowerCase();
    rest = rest.slice(m[0].length);
  }
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) rest = rest.slice(0, -1);
  else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      out.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    // "mailto:x" is opaque: no host, no path.
    if (out.scheme !== '') return out;
    const seg = rest.split('/')[0];
    if (seg.includes(':')) throw new UrlError('first path segment in URL cannot contain colon');
  }
  if ((out.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    const end = rest.indexOf('/', 2);
    const authority = end < 0 ? rest.slice(2) : rest.slice(2, end);
    rest = end < 0 ? '' : rest.slice(end);
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      const user = authority.slice(0, at);
      if (!USERINFO_OK.test(user)) throw new UrlError('invalid userinfo');
      unescape(user, 'user');
    }
    out.host = parseHost(at >= 0 ? authority.slice(at + 1) : authority);
  }
  out.path = unescape(rest, 'path');
  const colon = out.host.lastIndexOf(':');
  if (colon >= 0 && validOptionalPort(out.host.slice(colon))) out.port = out.host.slice(colon + 1);
  return out;
}

/** Go's url.ParseQuery, ignoring the pairs it would report errors for (as URL.Query() does): key → values. */
export function parseGoQuery(raw: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of raw.split('&')) {
    if (pair === '' || pair.includes(';')) continue;
    const eq = pair.indexOf('=');
    let k: string;
    let v: string;
    try {
      k = unescape(eq < 0 ? pair : pair.slice(0, eq), 'query');
      v = unescape(eq < 0 ? '' : pair.slice(eq + 1), 'query');
    } catch {
      continue;
    }
    const vs = out.get(k);
    if (vs) vs.push(v);
    else out.set(k, [v]);
  }
  return out;
}
