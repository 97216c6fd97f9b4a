import { Value, formatFloatG, typeOf } from '../value';
import { defineBuiltin, expr, key, str } from './define';

function goTypeName(v: Value): string {
  return { int: 'int64', float: 'float64', str: 'string', bool: 'bool', list: '[]interface {}', map: 'map[string]interface {}', nil: '<nil>' }[typeOf(v)];
}

/** Go's %v text of a value. */
function goV(v: Value): string {
  switch (typeof v) {
    case 'string': return v;
    case 'bigint': return v.toString();
    case 'number': return formatFloatG(v);
    case 'boolean': return String(v);
  }
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return '[' + v.map(goV).join(' ') + ']';
  return 'map[' + [...v.keys()].sort().map((k) => `${k}:${goV(v.get(k) as Value)}`).join(' ') + ']';
}

function bad(verb: string, v: Value): string {
  return v === null ? `%!${verb}(<nil>)` : `%!${verb}(${goTypeName(v)}=${goV(v)})`;
}

/** Go %.Ng: N significant digits, exponent form when exp < -4 or exp >= N, trailing zeros trimmed. */
function formatGPrec(v: number, p: number): string {
  if (!Number.isFinite(v)) return formatFloatG(v);
  const [mant, ex] = v.toExponential(p - 1).split('e');
  const x = Number(ex);
  if (x < -4 || x >= p) {
    const m = mant.includes('.') ? mant.replace(/\.?0+$/, '') : mant;
    return `${m}e${x < 0 ? '-' : '+'}${String(Math.abs(x)).padStart(2, '0')}`;
  }
  const fixed = v.toFixed(Math.max(0, p - 1 - x));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

function padTo(s: string, width: number | undefined, minus: boolean, zero: boolean): string {
  if (width === undefined || s.length >= width) return s;
  if (minus) return s + ' '.repeat(width - s.length);
  if (zero) {
    const sign = /^[+-]/.test(s) ? s[0] : '';
    return sign + '0'.repeat(width - s.length) + s.slice(sign.length);
  }
  return ' '.repeat(width - s.length) + s;
}

/** A subset of Go's fmt.Sprintf: flags - + 0 space, width, precision, verbs v d s f e g x X o b t q c %. */
export function goSprintf(fmt: string, args: Value[]): string {
  let out = '';
  let ai = 0;
  const re = /%([-+ 0#]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(fmt)) !== null) {
    out += fmt.slice(last, m.index);
    last = m.index + m[0].length;
    const [, flags, w, p, verb] = m;
    if (verb === '%') { out += '%'; continue; }
    if (ai >= args.length) { out += `%!${verb}(MISSING)`; continue; }
    const v = args[ai++];
    const width = w === undefined ? undefined : Number(w);
    const prec = p === undefined ? undefined : Number(p || '0');
    const plus = flags.includes('+');
    let s: string;
    switch (verb) {
      case 'v': s = goV(v); break;
      case 'd':
        if (typeof v === 'bigint') s = (plus && v >= 0n ? '+' : '') + v.toString();
        else s = bad(verb, v);
        break;
      case 's': s = typeof v === 'string' ? (prec !== undefined ? [...v].slice(0, prec).join('') : v) : typeof v === 'object' && v !== null ? goV(v) : bad(verb, v); break;
      case 'q': s = typeof v === 'string' ? JSON.stringify(v) : bad(verb, v); break;
      case 't': s = typeof v === 'boolean' ? String(v) : bad(verb, v); break;
      case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': {
        if (typeof v !== 'number') { s = bad(verb, v); break; }
        const lower = verb.toLowerCase();
        if (lower === 'f') s = v.toFixed(prec ?? 6);
        else if (lower === 'e') s = v.toExponential(prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
        else s = prec === undefined ? formatFloatG(v) : formatGPrec(v, prec || 1);
        if (verb === 'E' || verb === 'G') s = s.toUpperCase();
        if (plus && v >= 0) s = '+' + s;
        break;
      }
      case 'x': case 'X': case 'o': case 'b': {
        const base = { x: 16, X: 16, o: 8, b: 2 }[verb] as number;
        if (typeof v === 'bigint') s = (v < 0n ? '-' : '') + (v < 0n ? -v : v).toString(base);
        else if (typeof v === 'string' && (verb === 'x' || verb === 'X')) s = Buffer.from(v, 'utf8').toString('hex');
        else { s = bad(verb, v); break; }
        if (verb === 'X') s = s.toUpperCase();
        break;
      }
      case 'c': s = typeof v === 'bigint' && v >= 0n && v <= 0x10ffffn ? String.fromCodePoint(Number(v)) : bad(verb, v); break;
      default: s = bad(verb, v);
    }
    out += padTo(s, width, flags.includes('-'), flags.includes('0') && !flags.includes('-') && verb !== 's');
  }
  out += fmt.slice(last);
  if (ai < args.length) out += '%!(EXTRA ' + args.slice(ai).map((a) => `${goTypeName(a)}=${goV(a)}`).join(', ') + ')';
  return out;
}

export const strfmt = defineBuiltin({
  name: 'strfmt',
  params: [key('key'), str('fmt'), expr('args').rest()],
  returns: 'nil',
  doc: 'Writes Go `fmt.Sprintf(fmt, args...)` to `key` (`%d %s %v %f %.2f %x %q %t %%`, widths and flags). A verb that does not fit its argument prints Go\'s marker, e.g. `%!d(string=abc)`.',
  examples: [
    { title: 'combine captures', script: 'grok(_, "%{WORD:a} %{INT:b:int}")\nstrfmt(out, "%s-%05d", a, b)', input: 'x 42', fields: { out: 'x-00042' } },
    { title: 'floats', script: 'strfmt(out, "%.2f|%v", 3.14159, 1.5)', input: 'x', fields: { out: '3.14|1.5' } },
    { title: 'wrong verb', script: 'strfmt(out, "%d", "abc")', input: 'x', fields: { out: '%!d(string=abc)' } },
  ],
  compile({ key, fmt, args }) {
    return (rt) => {
      rt.write(key, goSprintf(fmt, args.map((a) => a(rt))));
      return null;
    };
  },
});
