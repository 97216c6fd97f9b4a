import { DEFAULT_TTL_SECONDS } from './env/cache';
import { defineBuiltin, expr } from './define';

export const cache_set = defineBuiltin({
  name: 'cache_set',
  params: [expr('key').accepts('str'), expr('value'), expr('expiration').accepts('int').optional().shows(String(DEFAULT_TTL_SECONDS))],
  returns: 'bool',
  doc: `Stores \`value\` under \`key\` in this process's cache for \`expiration\` seconds (default ${DEFAULT_TTL_SECONDS}, as in Datakit), for later lines and other scripts of the same processor to read with \`cache_get\`. The cache is in memory and bounded: at most 10000 entries (the least recently used goes first), expirations between 1 second and 1 hour, values up to 64 KiB of JSON text (a larger one is not stored and the call returns false). It is not shared between processes or kept across restarts.`,
  examples: [{ title: 'store with an expiration', script: 'add_key(ok, cache_set("k", {"n": 1}, 60))\nadd_key(v, cache_get("k"))', input: 'x', fields: { ok: true, v: '{"n":1}' } }],
  compile({ key, value, expiration }, cx) {
    const cache = cx.services.cache;
    return (rt) => {
      const ttl = expiration ? Number(expiration(rt) as bigint) : DEFAULT_TTL_SECONDS;
      return cache.set(key(rt) as string, value(rt), ttl, rt.nowNs());
    };
  },
});
