import { type Value, fromJsonText, goJson } from '../value';
import { defineBuiltin } from './define';

/** Writes the leaves of a decoded object as fields named by their dotted path. */
function flatten(prefix: string, m: Map<string, Value>, write: (k: string, v: Value) => void): void {
  m.forEach((v, k) => {
    const name = prefix ? `${prefix}.${k}` : k;
    if (v instanceof Map) flatten(name, v, write);
    else if (Array.isArray(v)) write(name, goJson(v));
    else if (v !== null) write(name, v);
  });
}

export const json_all = defineBuiltin({
  name: 'json_all',
  params: [],
  returns: 'bool',
  doc: 'Extracts every member of the JSON object in `message` into fields: nested objects are flattened with `.` between the names (`{"a": {"b": 1}}` gives `a.b`), lists are written as JSON text, numbers become floats and nulls are skipped. Returns false, writing nothing, when `message` is not a JSON object. Datakit registers this function but disabled it (there it does nothing); here it does what its name and Datakit\'s earlier documentation say. Use `json()` or `load_json()` to pick members.',
  examples: [
    { title: 'every member', script: 'json_all()', input: '{"level": "info", "http": {"status": 200, "path": "/"}, "tags": ["a"], "gone": null}', fields: { level: 'info', 'http.status': 200, 'http.path': '/', tags: '["a"]' }, absent: ['gone'] },
    { title: 'not an object', script: 'add_key(ok, json_all())', input: '[1, 2]', fields: { ok: false } },
  ],
  compile() {
    return (rt) => {
      const src = rt.lookup('message');
      if (typeof src !== 'string') return false;
      const parsed = fromJsonText(src);
      if (!parsed.ok || !(parsed.value instanceof Map)) return false;
      flatten('', parsed.value, (k, v) => rt.write(k, v));
      return true;
    };
  },
});
