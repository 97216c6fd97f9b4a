/**
 * Path matching for the receivers' few fixed routes, as Express's default router matches them
 * (which the Datadog agent's clients and OTLP senders were written against): the path of the
 * request target without its query, compared in any case, with or without one trailing slash.
 */

/** The path of a request target: before `?`; for an absolute-form target (`http://host/x`), its path. */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  const target = q < 0 ? url : url.slice(0, q);
  if (target.charCodeAt(0) === 47 /* / */) return target;
  const scheme = target.indexOf('://');
  if (scheme < 0) return target;
  const slash = target.indexOf('/', scheme + 3);
  return slash < 0 ? '/' : target.slice(slash);
}

/** The key a route is stored and looked up under: lowercase, without one trailing slash. */
export function routeKey(path: string): string {
  const lower = path.toLowerCase();
  return lower.length > 1 && lower.endsWith('/') ? lower.slice(0, -1) : lower;
}
