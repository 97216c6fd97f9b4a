import { toText } from '../value';
import { defineBuiltin, key } from './define';

// Identifiers start with a letter of any script, `_` or `@` and go on with letters, digits and
// `_ @ # . * $`; a `#` that starts a token comments out the rest of the line (MySQL), as in
// Datadog's tokenizer.
const TOKEN = /\s+|--[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|`[^`]*`|\$\$[\s\S]*?\$\$|0[xX][0-9a-fA-F]+|[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+|[\p{L}_@][\p{L}0-9_@#.*$]*|<>|!=|<=|>=|::|\|\||[^\s]/gu;

/**
 * SQL obfuscation in the spirit of Datadog's obfuscator: literals become `?`,
 * comments go, whitespace collapses, lists of `?` collapse to one and `AS alias`
 * is dropped. Not a byte-exact port; unterminated quotes leave the value unchanged.
 */
export function obfuscateSql(sql: string): string | undefined {
  const toks: string[] = [];
  let pos = 0;
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(sql)) !== null) {
    if (m.index !== pos) return undefined;
    pos = m.index + m[0].length;
    const t = m[0];
    if (/^\s/.test(t) || t.startsWith('--') || t.startsWith('#') || t.startsWith('/*')) continue;
    if (t === "'" || t === '"') return undefined;
    if (/^('|\$\$|[0-9]|\.[0-9]|0[xX])/.test(t)) {
      // A digit inside an identifier (t1) never reaches here; a sign before a number is folded.
      const prev = toks[toks.length - 1];
      if (prev === '-' && /^(=|<|>|<=|>=|<>|!=|,|\(|VALUES|IN)$/i.test(toks[toks.length - 2] ?? '')) toks.pop();
      toks.push('?');
      continue;
    }
    toks.push(t);
  }
  if (pos !== sql.length) return undefined;
  // Drop "AS alias".
  const out: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    if (/^as$/i.test(toks[i]) && i + 1 < toks.length && /^[\p{L}_@`"]/u.test(toks[i + 1])) { i++; continue; }
    out.push(toks[i]);
  }
  let text = out.join(' ').replace(/ ,/g, ',');
  // Collapse "( ?, ?, ? )" into "( ? )".
  text = text.replace(/\( \?(?:, \?)+ \)/g, '( ? )');
  return text;
}

export const sql_cover = defineBuiltin({
  name: 'sql_cover',
  params: [key('key')],
  returns: 'nil',
  doc: 'Obfuscates the SQL text of `key`: string and number literals become `?`, comments (`--`, `#` and `/* */`) are removed, whitespace is normalised, `AS` aliases are dropped and lists of literals collapse. Text that does not tokenize is left unchanged.',
  examples: [
    { title: 'literals', script: 'sql_cover(_)', input: "select abc from def where x > 3 and y < 'five'", fields: { message: 'select abc from def where x > ? and y < ?' } },
    { title: 'comments and lists', script: 'sql_cover(_)', input: 'SELECT id AS i FROM t -- note\nWHERE id IN (1, 2, 3)', fields: { message: 'SELECT id FROM t WHERE id IN ( ? )' } },
    { title: 'a # line is a comment; identifiers in any script', script: 'sql_cover(_)', input: '# report\nSELECT Descripció_CAT AS d FROM t WHERE n=1', fields: { message: 'SELECT Descripció_CAT FROM t WHERE n = ?' } },
  ],
  compile({ key }) {
    return (rt) => {
      const v = rt.lookup(key);
      if (v === undefined || v === null) return null;
      const out = obfuscateSql(toText(v));
      if (out !== undefined) rt.write(key, out);
      return null;
    };
  },
});
