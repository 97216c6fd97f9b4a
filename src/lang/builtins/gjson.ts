import { defineBuiltin, key, str } from './define';

/** Walks a gjson-style path ("a.b.1.c", `\.` escapes a dot, `#` is an array length). */
function walk(v: unknown, path: string): unknown {
  const segs = path.split(/(?<!\\)\./).map((s) => s.replace(/\\\./g, '.'));
  let cur = v;
  for (const s of segs) {
    if (Array.isArray(cur)) {
      if (s === '#') { cur = cur.length; continue; }
      if (!/^\d+$/.test(s)) return undefined;
      cur = cur[Number(s)];
    } else if (cur !== null && typeof cur === 'object') {
      cur = Object.prototype.hasOwnProperty.call(cur, s) ? (cur as Record<string, unknown>)[s] : undefined;
    } else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

export const gjson = defineBuiltin({
  name: 'gjson',
  params: [key('input'), str('json_path'), key('newkey').optional().shows('json_path')],
  returns: 'bool',
  doc: 'Like `json()` but with a gjson-style string path (`"friends.1.first"`, `\\\\.` for a literal dot, `#` for an array length). Objects keep their key order when written back as JSON text; numbers become floats; strings are not trimmed.',
  examples: [
    { title: 'array element', script: 'gjson(_, "friends.1.first", f)', input: '{"friends": [{"first": "Dale"}, {"first": "Roger"}]}', fields: { f: 'Roger' } },
    { title: 'key order kept', script: 'gjson(_, "o")', input: '{"o": {"z": 1, "a": 2}}', fields: { o: '{"z":1,"a":2}' } },
  ],
  compile({ input, json_path: path, newkey }) {
    const newKey = newkey ?? path;
    return (rt) => {
      const src = rt.lookup(input);
      if (typeof src !== 'string') return false;
      let parsed: unknown;
      try {
        parsed = JSON.parse(src);
      } catch {
        return false;
      }
      const v = walk(parsed, path);
      if (v === undefined || v === null) return false;
      if (typeof v === 'object') rt.write(newKey, JSON.stringify(v));
      else rt.write(newKey, v as string | number | boolean);
      return true;
    };
  },
});
