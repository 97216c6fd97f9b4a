import { translateRe2 } from '../grok/re2';
import { toText } from '../value';
import { defineBuiltin, key, str } from './define';

/** Go Regexp.Expand rules: $1, ${1}, $name, ${name}, $$; the longest name wins ($1x = group "1x"). */
export function goExpand(template: string, m: RegExpExecArray, names: Map<string, number>): string {
  return template.replace(/\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))?/g, (all, body?: string, braced?: string, bare?: string) => {
    if (body === '$') return '$';
    const name = braced ?? bare;
    if (name === undefined) return '$';
    if (/^[0-9]+$/.test(name)) return m[Number(name)] ?? '';
    const idx = names.get(name);
    return idx === undefined ? '' : m[idx] ?? '';
  });
}

/**
 * Go's Regexp.ReplaceAllString loop: an empty match right after the previous match is
 * not replaced, and the search advances past an empty match by one whole character
 * (a surrogate pair is one character, as a UTF-8 rune is in Go). `re` must have the g flag.
 */
export function goReplaceAll(re: RegExp, text: string, expand: (m: RegExpExecArray) => string): string {
  let out = '';
  let last = 0;
  let search = 0;
  while (search <= text.length) {
    re.lastIndex = search;
    const m = re.exec(text);
    if (m === null) break;
    const start = m.index;
    const end = start + m[0].length;
    out += text.slice(last, start);
    if (end > last || start === 0) out += expand(m);
    last = end;
    let width = 1;
    if (search + 1 < text.length) {
      const c = text.charCodeAt(search);
      const d = text.charCodeAt(search + 1);
      if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) width = 2;
    }
    if (search + width > end) search += width;
    else if (search + 1 > end) search++;
    else search = end;
  }
  return out + text.slice(last);
}

export const replace = defineBuiltin({
  name: 'replace',
  params: [key('key'), str('regex'), str('repl')],
  returns: 'nil',
  doc: 'Replaces every match of the RE2 `regex` in the text of `key` with `repl`, which may use `$1`, `${1}`, `$name` and `$$` (Go rules: `$1x` names a group "1x", so write `${1}x`).',
  examples: [
    { title: 'mask digits', script: 'add_key(s, "id 12345 ok")\nreplace(s, "[0-9]+", "?")', input: 'x', fields: { s: 'id ? ok' } },
    { title: 'groups', script: 'add_key(s, "138-1234-5678")\nreplace(s, "(\\\\d{3})-(\\\\d{4})-(\\\\d{4})", "$1****$3")', input: 'x', fields: { s: '138****5678' } },
  ],
  compile({ key, regex: source, repl }, cx) {
    const re = cx.regex(source, cx.pos('regex'), 'g');
    const names = new Map<string, number>();
    if (re) {
      translateRe2(source).groupNames.forEach((n, i) => {
        if (n !== null && !names.has(n)) names.set(n, i + 1);
      });
    }
    return (rt) => {
      const v = rt.lookup(key);
      if (v === undefined || v === null || !re) return null;
      rt.write(key, goReplaceAll(re, toText(v), (m) => goExpand(repl, m, names)));
      return null;
    };
  },
});
