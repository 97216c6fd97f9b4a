import { defineBuiltin, expr } from './define';

export const cache_get = defineBuiltin({
  name: 'cache_get',
  params: [expr('key').accepts('str')],
  returns: 'any',
  doc: 'Reads a value `cache_set` stored, from this process\'s cache; nil when there is none or it expired. The log_pipeline processor shares one cache between all the scripts of a processor, bounded in entries and in time (see cache_set).',
  examples: [{ title: 'remember across lines', script: 'cache_set("last_user", "alice")\nadd_key(u, cache_get("last_user"))\nadd_key(none, cache_get("other"))', input: 'x', fields: { u: 'alice', none: null } }],
  compile({ key }, cx) {
    const cache = cx.services.cache;
    return (rt) => cache.get(key(rt) as string, rt.nowNs()) ?? null;
  },
});
