/**
 * A tiny strict decoder for component configs. Each decoder turns raw YAML into a typed
 * value or records issues with their full path, so that every problem of a config is
 * reported at once (the Collector's `Validate` walker does the same).
 *
 * The decoder is the single source of a config's type (`Infer<typeof config>`): `Opt` says
 * whether an object field of this decoder may be absent from the decoded object. A field with
 * neither `.def()` nor `.required()` is optional; both of those make it always present.
 */
import { ConfigIssue, joinPath } from './issue';
import { didYouMean } from './suggest';
import { redactUrl, registerSecret } from '../util/redact';

export interface Decoder<T, Opt extends boolean = true> {
  readonly expected: string;
  readonly defaultValue?: T;
  readonly hasDefault: boolean;
  readonly isRequired: boolean;
  /** Type-level only: never set at run time. */
  readonly optional?: Opt;
  decode(raw: unknown, path: string, issues: ConfigIssue[]): T | undefined;
  def(value: T): Decoder<T, false>;
  required(): Decoder<T, false> & { readonly isRequired: true };
  check(fn: (value: T) => string | undefined): Decoder<T, Opt>;
  /**
   * Marks the value as a credential (a header value, a key path): it is registered with
   * `util/redact` so that no log line shows it, and a problem with it never quotes it.
   */
  secret(): Decoder<T, Opt>;
}

/** The decoded type of a decoder: `type Config = Infer<typeof config>`. */
export type Infer<D> = D extends Decoder<infer T, boolean> ? T : never;

type DecodeFn<T> = (raw: unknown, path: string, issues: ConfigIssue[]) => T | undefined;

class BaseDecoder<T, Opt extends boolean = true> implements Decoder<T, Opt> {
  declare readonly optional?: Opt;
  constructor(
    readonly expected: string,
    private readonly fn: DecodeFn<T>,
    readonly hasDefault = false,
    readonly defaultValue?: T,
    readonly isRequired = false,
  ) {}

  decode(raw: unknown, path: string, issues: ConfigIssue[]): T | undefined {
    return this.fn(raw, path, issues);
  }
  def(value: T): Decoder<T, false> {
    return new BaseDecoder<T, false>(this.expected, this.fn, true, value, this.isRequired);
  }
  required(): Decoder<T, false> & { readonly isRequired: true } {
    return new BaseDecoder<T, false>(this.expected, this.fn, this.hasDefault, this.defaultValue, true) as BaseDecoder<T, false> & { readonly isRequired: true };
  }
  check(test: (value: T) => string | undefined): Decoder<T, Opt> {
    const inner = this.fn;
    return new BaseDecoder<T, Opt>(
      this.expected,
      (raw, path, issues) => {
        const v = inner(raw, path, issues);
        if (v === undefined) return undefined;
        const problem = test(v);
        if (problem) {
          issues.push({ path, message: problem });
          return undefined;
        }
        return v;
      },
      this.hasDefault,
      this.defaultValue,
      this.isRequired,
    );
  }
  secret(): Decoder<T, Opt> {
    const inner = this.fn;
    return new BaseDecoder<T, Opt>(
      this.expected,
      (raw, path, issues) => {
        // Decode against a scratch list so that a message quoting the raw value is replaced.
        const own: ConfigIssue[] = [];
        const v = inner(raw, path, own);
        for (const i of own) issues.push({ path: i.path, message: `must be ${this.expected} (the value is not shown: it is a secret)` });
        if (typeof v === 'string') registerSecret(v);
        return v;
      },
      this.hasDefault,
      this.defaultValue,
      this.isRequired,
    );
  }
}

export function describe(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'a list';
  if (typeof raw === 'object') return 'a map';
  if (typeof raw === 'string') return JSON.stringify(raw);
  return String(raw);
}

function wrong(issues: ConfigIssue[], path: string, expected: string, raw: unknown): undefined {
  issues.push({ path, message: `must be ${expected}, got ${describe(raw)}` });
  return undefined;
}

export function custom<T>(expected: string, fn: DecodeFn<T>): Decoder<T> {
  return new BaseDecoder<T>(expected, fn);
}

export function string(): Decoder<string> {
  return custom('a string', (raw, path, issues) => {
    if (typeof raw === 'string') return raw;
    // YAML turns `123` or `true` into non-strings; a string field keeps the text, as the Collector does.
    if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
    return wrong(issues, path, 'a string', raw);
  });
}

export function nonEmptyString(): Decoder<string> {
  return string().check((v) => (v.trim() === '' ? 'must not be empty' : undefined));
}

export function int(opts: { min?: number; max?: number } = {}): Decoder<number> {
  const range =
    opts.min !== undefined && opts.max !== undefined
      ? `an integer from ${opts.min} to ${opts.max}`
      : opts.min !== undefined
        ? `an integer >= ${opts.min}`
        : 'an integer';
  return custom(range, (raw, path, issues) => {
    const n = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isInteger(n)) return wrong(issues, path, range, raw);
    if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
      return wrong(issues, path, range, raw);
    }
    return n;
  });
}

export function number(opts: { min?: number; max?: number } = {}): Decoder<number> {
  const range =
    opts.min !== undefined && opts.max !== undefined ? `a number from ${opts.min} to ${opts.max}` : 'a number';
  return custom(range, (raw, path, issues) => {
    const n = typeof raw === 'string' && raw.trim() !== '' && !isNaN(Number(raw)) ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isFinite(n)) return wrong(issues, path, range, raw);
    if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
      return wrong(issues, path, range, raw);
    }
    return n;
  });
}

export function bool(): Decoder<boolean> {
  return custom('true or false', (raw, path, issues) => {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    return wrong(issues, path, 'true or false', raw);
  });
}

export function oneOf<T extends string>(values: readonly T[]): Decoder<T> {
  const expected = `one of ${values.map((v) => `"${v}"`).join(', ')}`;
  return custom(expected, (raw, path, issues) => {
    if (typeof raw === 'string' && (values as readonly string[]).includes(raw)) return raw as T;
    issues.push({
      path,
      message: `must be ${expected}, got ${describe(raw)}${typeof raw === 'string' ? didYouMean(raw, values) : ''}`,
    });
    return undefined;
  });
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };

/** Parses a Go duration ("5s", "200ms", "1m30s") into milliseconds. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (t === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) !== null) {
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    matched = re.lastIndex;
  }
  return matched === t.length && t.length > 0 ? total : undefined;
}

/** A duration in milliseconds, written the Collector's way ("5s", "200ms"). */
export function duration(opts: { min?: number } = {}): Decoder<number> {
  const expected = 'a duration such as "5s" or "200ms"';
  return custom(expected, (raw, path, issues) => {
    const ms = typeof raw === 'string' ? parseDuration(raw) : raw === 0 ? 0 : undefined;
    if (ms === undefined) return wrong(issues, path, expected, raw);
    if (opts.min !== undefined && ms < opts.min) {
      issues.push({ path, message: `must be at least ${opts.min}ms, got ${describe(raw)}` });
      return undefined;
    }
    return ms;
  });
}

/** `host:port` for a listener; the example in the message shows the fix. */
export function hostPort(example: string): Decoder<string> {
  const expected = 'host:port';
  return custom(expected, (raw, path, issues) => {
    const text = typeof raw === 'number' ? String(raw) : raw;
    if (typeof text === 'string') {
      const m = /^(\[[0-9a-fA-F:.]+\]|[^:\s]*):(\d{1,5})$/.exec(text);
      if (m && Number(m[2]) <= 65535) return text;
    }
    issues.push({ path, message: `must be host:port, got ${describe(raw)} (for example "${example}")` });
    return undefined;
  });
}

/**
 * An http(s) URL. A password in it (`http://user:PASSWORD@host`) is registered as a secret,
 * and a problem with the URL quotes it with the password masked.
 */
export function url(example: string): Decoder<string> {
  return custom('a URL', (raw, path, issues) => {
    if (typeof raw === 'string') {
      try {
        const u = new URL(raw);
        if (u.password) {
          registerSecret(u.password);
          registerSecret(decodeURIComponent(u.password));
        }
        if (u.protocol === 'http:' || u.protocol === 'https:') return raw;
      } catch {
        /* reported below */
      }
    }
    const got = typeof raw === 'string' ? JSON.stringify(redactUrl(raw)) : describe(raw);
    issues.push({ path, message: `must be an http(s) URL, got ${got} (for example "${example}")` });
    return undefined;
  });
}

export function list<T>(item: Decoder<T, boolean>): Decoder<T[]> {
  return custom(`a list of ${item.expected}`, (raw, path, issues) => {
    if (raw === null || raw === undefined) return [];
    // A single scalar where a list is expected is a common slip; accept it as a one-item list.
    const items = Array.isArray(raw) ? raw : typeof raw === 'object' ? undefined : [raw];
    if (!items) return wrong(issues, path, `a list of ${item.expected}`, raw);
    const out: T[] = [];
    let ok = true;
    items.forEach((v, i) => {
      const d = item.decode(v, joinPath(path, String(i)), issues);
      if (d === undefined) ok = false;
      else out.push(d);
    });
    return ok ? out : undefined;
  });
}

export function map<T>(value: Decoder<T, boolean>): Decoder<Record<string, T>> {
  return custom(`a map of ${value.expected}`, (raw, path, issues) => {
    if (raw === null || raw === undefined) return {};
    if (typeof raw !== 'object' || Array.isArray(raw)) return wrong(issues, path, 'a map', raw);
    const out: Record<string, T> = {};
    let ok = true;
    for (const [k, v] of Object.entries(raw)) {
      const d = value.decode(v, joinPath(path, k), issues);
      if (d === undefined) ok = false;
      else out[k] = d;
    }
    return ok ? out : undefined;
  });
}

/** Passes any YAML value through untouched (for sub-documents a component checks itself). */
export function any(): Decoder<unknown> {
  return custom('any value', (raw) => raw);
}

type Fields = Record<string, Decoder<any, boolean>>;
type PresentKeys<F extends Fields> = { [K in keyof F]: F[K] extends Decoder<any, false> ? K : never }[keyof F];
type Flat<T> = { [K in keyof T]: T[K] } & {};
/** Fields with a default or marked required are always present; the others may be absent. */
export type ObjectOf<F extends Fields> = Flat<
  { [K in PresentKeys<F>]: Infer<F[K]> } & { [K in Exclude<keyof F, PresentKeys<F>>]?: Infer<F[K]> }
>;
/** An object with a required field has no default, so it is optional where it is a field. */
type ObjectOpt<F extends Fields> = true extends { [K in keyof F]: F[K] extends { readonly isRequired: true } ? true : false }[keyof F] ? true : false;

/**
 * A map with a fixed set of keys. Unknown keys are errors naming the nearest valid key;
 * absent keys take their default; `null` (an empty YAML key) means "all defaults".
 */
export function object<F extends Fields>(fields: F): Decoder<ObjectOf<F>, ObjectOpt<F>> {
  const keys = Object.keys(fields);
  const decoder = custom<ObjectOf<F>>('a map', (raw, path, issues) => {
    if (raw !== null && raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) {
      return wrong(issues, path, 'a map', raw);
    }
    const input = (raw ?? {}) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    let ok = true;
    for (const k of Object.keys(input)) {
      if (!(k in fields)) {
        issues.push({
          path: joinPath(path, k),
          message: `unknown key${didYouMean(k, keys)} (valid keys: ${keys.join(', ')})`,
        });
        ok = false;
      }
    }
    for (const k of keys) {
      const f = fields[k];
      if (k in input && input[k] !== undefined) {
        const v = f.decode(input[k], joinPath(path, k), issues);
        if (v === undefined) ok = false;
        else out[k] = v;
      } else if (f.hasDefault) {
        out[k] = structuredClone(f.defaultValue);
      } else if (f.isRequired) {
        issues.push({ path: joinPath(path, k), message: `is required (${f.expected})` });
        ok = false;
      }
    }
    return ok ? (out as ObjectOf<F>) : undefined;
  });
  // An object's default is the object of its fields' defaults; with a required field it has none.
  const defaults = decoder.decode(undefined, '', []);
  return (defaults === undefined ? decoder : decoder.def(defaults)) as Decoder<ObjectOf<F>, ObjectOpt<F>>;
}

/**
 * A section that exists only when the YAML has its key (the Collector's `configoptional`): absent
 * stays absent, an empty key (`grpc:`) is the section with all its defaults.
 */
export function optional<T>(d: Decoder<T, boolean>): Decoder<T> {
  return custom(d.expected, (raw, path, issues) => d.decode(raw, path, issues));
}

/** Decodes a value that must be valid; used for defaults, where a failure is a programming error. */
export function defaults<T>(d: Decoder<T, boolean>): T {
  const issues: ConfigIssue[] = [];
  const v = d.decode(undefined, '', issues);
  if (v === undefined) throw new Error(`default config does not decode: ${issues.map((i) => i.message).join('; ')}`);
  return v;
}
