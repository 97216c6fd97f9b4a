import { parse as parseYamlScalar } from 'yaml';

export interface ExpandResult {
  value: unknown;
  warnings: string[];
  errors: { path: string; message: string }[];
}

const REF = /\$\$|\$\{(?:(env):)?([^}:]*)(?::-([^}]*))?\}/g;
const NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,199}$/;

/**
 * Expands `${env:VAR}`, `${VAR}`, `${env:VAR:-default}` and `$$` in every string of a parsed
 * config. A string that is exactly one reference is re-read as a YAML scalar, so `${env:PORT}`
 * can fill an integer field; the decoders turn scalars back into text for string fields.
 */
export function expandEnv(raw: unknown, env: NodeJS.ProcessEnv, path = ''): ExpandResult {
  const warnings: string[] = [];
  const errors: { path: string; message: string }[] = [];
  const walk = (v: unknown, p: string): unknown => {
    if (typeof v === 'string') return expandString(v, p);
    if (Array.isArray(v)) return v.map((x, i) => walk(x, p ? `${p}::${i}` : String(i)));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, p ? `${p}::${k}` : k);
      return out;
    }
    return v;
  };
  const expandString = (s: string, p: string): unknown => {
    if (!s.includes('$')) return s;
    let single = false;
    let whole: RegExpExecArray | null = null;
    REF.lastIndex = 0;
    const m = REF.exec(s);
    if (m && m.index === 0 && m[0].length === s.length && m[0] !== '$$') {
      single = true;
      whole = m;
    }
    const text = s.replace(REF, (all, _scheme: string | undefined, name: string, def: string | undefined) => {
      if (all === '$$') return '$';
      if (!NAME.test(name)) {
        errors.push({ path: p, message: `invalid environment variable name "${name}" in "${s}" (names match [a-zA-Z_][a-zA-Z0-9_]*; write $$ for a literal $)` });
        return '';
      }
      const val = env[name];
      if (val === undefined || (val === '' && def !== undefined)) {
        if (def !== undefined) return def;
        warnings.push(`${p}: configuration references unset environment variable "${name}"; using an empty value`);
        return '';
      }
      return val;
    });
    if (single && whole) {
      try {
        const parsed = parseYamlScalar(text);
        if (parsed === null || typeof parsed !== 'object') return parsed ?? text;
      } catch {
        /* not YAML: keep the text */
      }
    }
    return text;
  };
  return { value: walk(raw, path), warnings, errors };
}
