import type { Expr } from '../ast';
import { Value, fromJsonText, goJson } from '../value';
import { defineBuiltin, bool, key, path } from './define';

type Seg = string | number;

/** The path as segments; undefined when the expression is not a path. */
export function jsonPathSegments(e: Expr): Seg[] | undefined {
  switch (e.kind) {
    case 'ident': return [e.name];
    case 'str': return [e.value];
    case 'attr': {
      const base = e.obj === null ? [] : jsonPathSegments(e.obj);
      return base && [...base, e.name];
    }
    case 'index': {
      const base = e.obj === null ? [] : jsonPathSegments(e.obj);
      if (!base) return undefined;
      if (e.index.kind === 'int') return [...base, Number(e.index.value)];
      if (e.index.kind === 'str') return [...base, e.index.value];
      return undefined;
    }
    default: return undefined;
  }
}

function step(v: Value, s: Seg): Value | undefined {
  if (typeof s === 'number') {
    if (!Array.isArray(v)) return undefined;
    const i = s < 0 ? v.length + s : s;
    return i >= 0 && i < v.length ? v[i] : undefined;
  }
  if (!(v instanceof Map)) return undefined;
  return v.get(s);
}

export const json = defineBuiltin({
  name: 'json',
  params: [
    key('input'),
    path('json_path'),
    key('newkey').optional().shows('json_path'),
    bool('trim_space').optional(true),
    bool('delete_after_extract').optional(false),
  ],
  returns: 'bool',
  doc: 'Parses the text of `input` as JSON and writes the value at `json_path` (written as a name, dotted path or index expression such as `a.b[0].c`, or `.[1].x` for a root array) to `newkey`, by default the path text. Strings are trimmed unless `trim_space=false`, numbers become floats, objects and arrays are written as JSON text. JSON null, a missing path or invalid JSON write nothing. `delete_after_extract=true` also removes the member from `input` and rewrites it.',
  examples: [
    { title: 'nested path', script: 'json(_, a.b, ab)', input: '{"a": {"b": " x "}}', fields: { ab: 'x' } },
    { title: 'numbers are floats', script: 'json(_, n)', input: '{"n": 200}', fields: { n: 200 } },
    { title: 'root array', script: 'json(_, .[1].age, age)', input: '[{"age": 1}, {"age": 2}]', fields: { age: 2 } },
    {
      title: 'delete after extract',
      script: 'json(_, a, delete_after_extract = true)',
      input: '{"a": "x", "b": 1}',
      fields: { a: 'x', message: '{"b":1}' },
    },
  ],
  compile({ input, json_path, newkey, trim_space: trim, delete_after_extract: del }, cx) {
    const segs = jsonPathSegments(json_path.node);
    if (!segs) {
      cx.error(json_path.node.pos, 'json path must be a name, dotted path or index expression');
      return () => false;
    }
    const newKey = newkey ?? json_path.text;
    if (del && typeof segs[segs.length - 1] === 'number') {
      cx.error(json_path.node.pos, 'delete_after_extract cannot be used with a path ending in a list index');
      return () => false;
    }
    return (rt) => {
      const src = rt.lookup(input);
      if (typeof src !== 'string') return false;
      const parsed = fromJsonText(src);
      if (!parsed.ok) return false;
      let cur: Value | undefined = parsed.value;
      let parent: Value | undefined;
      for (const s of segs) {
        parent = cur;
        cur = step(cur as Value, s);
        if (cur === undefined) return false;
      }
      if (cur === null) return false;
      const out = typeof cur === 'string' && trim ? cur.trim() : cur;
      rt.write(newKey, out);
      if (del && parent instanceof Map) {
        parent.delete(segs[segs.length - 1] as string);
        rt.write(input, goJson(parsed.value));
      }
      return true;
    };
  },
});
