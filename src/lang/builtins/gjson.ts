import { toText } from '../value';
import { defineBuiltin, key, str } from './define';
import { rawAt } from './lib/jsonraw';

/** A gjson-style path: dot-separated, `\.` for a literal dot. */
function segments(path: string): string[] {
  return path.split(/(?<!\\)\./).map((s) => s.replace(/\\\./g, '.'));
}

export const gjson = defineBuiltin({
  name: 'gjson',
  params: [key('input'), str('json_path'), key('newkey').optional().shows('json_path')],
  returns: 'bool',
  doc: 'Like `json()` but with a gjson-style string path (`"friends.1.first"`, `\\\\.` for a literal dot, `#` for an array length), reading the JSON text as tidwall/gjson does: an object or array is written as its text exactly as it appears in the input (spacing and key order kept), a repeated key finds its first occurrence, numbers become floats and strings are not trimmed. JSON null, a missing path or text that is not JSON writes nothing and returns false.',
  examples: [
    { title: 'array element', script: 'gjson(_, "friends.1.first", f)', input: '{"friends": [{"first": "Dale"}, {"first": "Roger"}]}', fields: { f: 'Roger' } },
    { title: 'objects keep their text', script: 'gjson(_, "name")', input: '{"name": {"first": "Tom", "last": "Anderson"}}', fields: { name: '{"first": "Tom", "last": "Anderson"}' } },
    { title: 'array length', script: 'gjson(_, "a.#", n)', input: '{"a": [1, 2, 3]}', fields: { n: 3 } },
  ],
  compile({ input, json_path: path, newkey }) {
    const newKey = newkey ?? path;
    const segs = segments(path);
    return (rt) => {
      const src = rt.lookup(input);
      if (src === undefined || src === null) return false;
      const found = rawAt(toText(src), segs);
      if (!found) return false;
      switch (found.kind) {
        case 'null': return false;
        case 'true': case 'false': rt.write(newKey, found.kind === 'true'); break;
        case 'number': rt.write(newKey, Number(found.raw)); break;
        case 'string': {
          let s: string;
          try {
            s = JSON.parse(found.raw) as string;
          } catch {
            return false;
          }
          rt.write(newKey, s);
          break;
        }
        default: rt.write(newKey, found.raw);
      }
      return true;
    };
  },
});
