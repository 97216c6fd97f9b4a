import { defineBuiltin, key } from './define';

const UNITS: Record<string, bigint> = { ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1000000n, s: 1000000000n, m: 60000000000n, h: 3600000000000n };

/** Go time.ParseDuration, exact in nanoseconds. */
export function goParseDuration(s: string): bigint | undefined {
  let rest = s;
  let neg = false;
  if (rest[0] === '-' || rest[0] === '+') { neg = rest[0] === '-'; rest = rest.slice(1); }
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0n;
  while (rest.length) {
    const m = /^([0-9]*)(?:\.([0-9]*))?(ns|us|µs|μs|ms|s|m|h)/.exec(rest);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
    const unit = UNITS[m[3]];
    const whole = BigInt(m[1] || '0') * unit;
    const frac = m[2] ?? '';
    const scale = 10n ** BigInt(frac.length);
    total += whole + (frac ? (BigInt(frac) * unit) / scale : 0n);
    rest = rest.slice(m[0].length);
  }
  if (total > (1n << 63n) - 1n) return undefined;
  return neg ? -total : total;
}

export const parse_duration = defineBuiltin({
  name: 'parse_duration',
  params: [key('key')],
  returns: 'nil',
  doc: 'Replaces Go duration text (`ns us µs ms s m h`, signed, fractional, combined like `1h30m`) in `key` with int nanoseconds. Non-strings and invalid text are left unchanged.',
  examples: [
    { title: 'fractional seconds', script: 'add_key(d, "-2.3s")\nparse_duration(d)', input: 'x', fields: { d: -2300000000n } },
    { title: 'combined', script: 'add_key(d, "1h2m")\nparse_duration(d)', input: 'x', fields: { d: 3720000000000n } },
    { title: 'invalid stays', script: 'add_key(d, "soon")\nparse_duration(d)', input: 'x', fields: { d: 'soon' } },
  ],
  compile({ key }) {
    return (rt) => {
      const v = rt.lookup(key);
      if (typeof v !== 'string') return null;
      const d = goParseDuration(v);
      if (d !== undefined) rt.write(key, d);
      return null;
    };
  },
});
