import { type Value, type ValueMap, goJson, toText } from '../value';
import { needs } from './util';
import { defineBuiltin, expr } from './define';

/** The request body as Datakit sends it: text as is, lists and maps as JSON, numbers and bools as text. */
function bodyText(v: Value): string | undefined {
  if (v === null) return undefined;
  return typeof v === 'object' ? goJson(v) : toText(v);
}

export const http_request = defineBuiltin({
  name: 'http_request',
  params: [expr('method').accepts('str'), expr('url').accepts('str'), expr('headers').accepts('map', 'nil').optional(), expr('body').optional()],
  returns: 'map',
  doc: 'Sends an HTTP request and returns `{"status_code": int, "body": str}`, or nil when it fails, times out or is not allowed. Off by default: the check fails unless the processor allows it (log_pipeline: `http_request.enabled: true`). Know the risks before turning it on: the request is made while the whole process waits for it (every receiver and exporter of the bridge stalls for up to the timeout, default 2 s, at most 10 s), every line that calls it pays a network round trip, and a URL built from log content lets whoever writes logs make the bridge call hosts of their choosing (SSRF) — restrict it with `http_request.allowed_hosts`. Only http and https URLs are sent, redirects are not followed, and response bodies are cut at 1 MiB. Headers with non-string values are left out.',
  examples: [
    { title: 'rejected unless allowed', script: 'r = http_request("GET", "http://127.0.0.1:1/")', input: 'x', env: { checkError: 'needs outbound HTTP to be allowed' } },
  ],
  compile({ method, url, headers, body }, cx) {
    const http = needs(cx, 'http', 'outbound HTTP to be allowed');
    if (!http) return () => null;
    return (rt) => {
      const hs: Record<string, string> = {};
      const h = headers ? (headers(rt) as ValueMap | null) : null;
      h?.forEach((v, k) => {
        if (typeof v === 'string') hs[k] = v;
      });
      const res = http.request(method(rt) as string, url(rt) as string, hs, body ? bodyText(body(rt)) : undefined);
      if (!res) return null;
      return new Map<string, Value>([['status_code', BigInt(res.status)], ['body', res.body]]);
    };
  },
});
