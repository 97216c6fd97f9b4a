// Translate Go RE2 regex syntax into an equivalent JavaScript RegExp source.
//
// Datakit compiles grok/regex patterns with Go's regexp package, so a script is
// valid only if RE2 accepts its patterns, and RE2's meaning of `.`, `\s`, inline
// flags, POSIX classes etc. must be kept. The output deliberately avoids
// everything V8's linear-time fallback engine cannot run (look-around,
// back-references, the `i` flag): case-insensitivity is expanded into classes.
// That keeps every translated pattern eligible for the backtracking guard
// described in guard.ts.

export class RegexError extends Error {}

export interface Translated {
  source: string;
  flags: string;
  /** Name of each capture group, index 0 = group 1; null for unnamed groups. */
  groupNames: Array<string | null>;
  /**
   * Literal strings every match must contain, in this order. A cheap indexOf
   * pre-check on them rejects most non-matching lines before the regex runs
   * (the same idea as RE2's prefilter); see runGrok.
   */
  required: string[];
}

interface Flags { i: boolean; s: boolean; m: boolean; U: boolean }

type Range = [number, number];

const POSIX: Record<string, Range[]> = {
  alnum: [[48, 57], [65, 90], [97, 122]],
  alpha: [[65, 90], [97, 122]],
  ascii: [[0, 127]],
  blank: [[9, 9], [32, 32]],
  cntrl: [[0, 31], [127, 127]],
  digit: [[48, 57]],
  graph: [[33, 126]],
  lower: [[97, 122]],
  print: [[32, 126]],
  punct: [[33, 47], [58, 64], [91, 96], [123, 126]],
  space: [[9, 13], [32, 32]],
  upper: [[65, 90]],
  word: [[48, 57], [65, 90], [95, 95], [97, 122]],
  xdigit: [[48, 57], [65, 70], [97, 102]],
};

const PERL: Record<string, Range[]> = {
  d: [[48, 57]],
  s: [[9, 10], [12, 13], [32, 32]],
  w: [[48, 57], [65, 90], [95, 95], [97, 122]],
};

const MAX_CODE = 0xffff;

function complement(rs: Range[]): Range[] {
  const sorted = [...rs].sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_CODE) out.push([next, MAX_CODE]);
  return out;
}

function foldCase(rs: Range[]): Range[] {
  const out = [...rs];
  for (const [lo, hi] of rs) {
    const a = Math.max(lo, 97), b = Math.min(hi, 122);
    if (a <= b) out.push([a - 32, b - 32]);
    const c = Math.max(lo, 65), d = Math.min(hi, 90);
    if (c <= d) out.push([c + 32, d + 32]);
  }
  return out;
}

function classChar(c: number): string {
  if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0xa0) || (c >= 0xd800 && c <= 0xdfff) || c === 0x2028 || c === 0x2029) {
    return c <= 0xff ? '\\x' + c.toString(16).padStart(2, '0') : '\\u' + c.toString(16).padStart(4, '0');
  }
  const ch = String.fromCharCode(c);
  return /[\\\]\[^\-]/.test(ch) ? '\\' + ch : ch;
}

function rangesToClassBody(rs: Range[]): string {
  return rs.map(([lo, hi]) => (lo === hi ? classChar(lo) : `${classChar(lo)}-${classChar(hi)}`)).join('');
}

function literalChar(c: number, flags: Flags): string {
  if (flags.i && c <= 0xffff) {
    // Simple case folding of single characters (RE2 folds Unicode too, e.g. é/É).
    const ch = String.fromCharCode(c);
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    const variants = [...new Set([ch, lower, upper])].filter((v) => v.length === 1);
    if (variants.length > 1) return '[' + variants.map((v) => classChar(v.charCodeAt(0))).join('') + ']';
  }
  if (c > 0xffff) return String.fromCodePoint(c).split('').map((u) => '\\u' + u.charCodeAt(0).toString(16).padStart(4, '0')).join('');
  if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029 || (c >= 0xd800 && c <= 0xdfff)) {
    return c <= 0xff ? '\\x' + c.toString(16).padStart(2, '0') : '\\u' + c.toString(16).padStart(4, '0');
  }
  const ch = String.fromCharCode(c);
  return /[\\^$.|?*+()[\]{}\/]/.test(ch) ? '\\' + ch : ch;
}

const unicodeClasses = new Map<string, Range[] | null>();

/**
 * A Unicode category or script (`L`, `Lu`, `Greek`, `Han`, `Any`) as explicit
 * BMP ranges. JS only matches \p{..} with the `u` flag, and measured on Node 20
 * a `u` regex never switches to the linear-time engine (`^(a+)+b` with `u` did
 * not finish in 20 s), so expanding the class keeps the backtracking guard.
 * Characters beyond the BMP are not matched (documented difference).
 */
function unicodeClass(name: string): Range[] | null {
  const hit = unicodeClasses.get(name);
  if (hit !== undefined) return hit;
  let test: RegExp | null = null;
  if (name === 'Any') test = /[^]/u;
  else if (/^[A-Za-z_]+$/.test(name)) {
    for (const src of [`\\p{${name}}`, `\\p{Script=${name}}`]) {
      try {
        test = new RegExp(src, 'u');
        break;
      } catch {
        // try the next spelling
      }
    }
  }
  let ranges: Range[] | null = null;
  if (test) {
    ranges = [];
    let start = -1;
    for (let c = 0; c <= MAX_CODE + 1; c++) {
      const inside = c <= MAX_CODE && !(c >= 0xd800 && c <= 0xdfff) && test.test(String.fromCharCode(c));
      if (inside && start < 0) start = c;
      else if (!inside && start >= 0) {
        ranges.push([start, c - 1]);
        start = -1;
      }
    }
  }
  unicodeClasses.set(name, ranges);
  return ranges;
}

/**
 * Longest expansion of one counted repetition; a longer one keeps its `{n,m}`, which V8's
 * linear engine rejects (such a regex is always matched under the worker's deadline, guard.ts).
 */
const MAX_EXPANSION = 16 * 1024;

/**
 * `atom{lo,hi}` spelt out the way RE2 compiles it (`a{2,4}` → `aa(?:a(?:a)?)?`): V8's linear
 * engine refuses a counted repetition above 16 (so `[\w-]{0,62}` in HOSTNAME made every pattern
 * using it ineligible, and the backtracking guard never applied to them), but takes the spelt-out
 * form. The nested optionals match each length one way only, so backtracking gains no paths.
 * Only the last copy keeps the atom's capture groups (Go reports a group's last iteration), which
 * is exact for a fixed count; a range over captures stays counted. Undefined: leave it as it is.
 */
function expandRepeat(atom: string, q: string, lazy: boolean): string | undefined {
  const m = /^\{(\d+)(,(\d*))?\}$/.exec(q) as RegExpExecArray;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : m[3] === '' ? Infinity : Number(m[3]);
  const plain = withoutCaptures(atom);
  if (plain !== atom && lo !== hi) return undefined;
  const lz = lazy ? '?' : '';
  const copies = hi === Infinity ? lo + 1 : hi;
  if (copies * (atom.length + 6) > MAX_EXPANSION) return undefined;
  let tail = '';
  if (hi === Infinity) tail = `${plain}*${lz}`;
  else for (let k = lo; k < hi; k++) tail = `(?:${plain}${tail})?${lz}`;
  const head = lo === 0 ? '' : plain.repeat(lo - 1) + (lo === hi ? atom : plain);
  return `(?:${head}${tail})`;
}

/** `text` (translator output) with every capturing `(` made `(?:`. */
function withoutCaptures(text: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      out += c + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(' && text[i + 1] !== '?') {
      out += '(?:';
      continue;
    }
    out += c;
  }
  return out;
}

export function translateRe2(src: string): Translated {
  let i = 0;
  const n = src.length;
  const groupNames: Array<string | null> = [];
  let usesMultiline = false;
  let usesSingleLineAnchor = false;

  const err = (msg: string): never => {
    throw new RegexError(`invalid regex ${JSON.stringify(src.length > 120 ? src.slice(0, 117) + '...' : src)}: ${msg}`);
  };

  function parseFlags(text: string, flags: Flags): Flags {
    const out = { ...flags };
    let neg = false;
    let sawNeg = false;
    for (const ch of text) {
      if (ch === '-') {
        if (sawNeg) err(`invalid or unsupported Perl syntax: (?${text}`);
        neg = true;
        sawNeg = true;
        continue;
      }
      if (ch !== 'i' && ch !== 's' && ch !== 'm' && ch !== 'U') err(`invalid or unsupported Perl syntax: (?${text}`);
      (out as Record<string, boolean>)[ch] = !neg;
    }
    if (text === '' || text.endsWith('-')) err(`invalid or unsupported Perl syntax: (?${text}`);
    return out;
  }

  /**
   * Parses an alternation until `)` or end: its JS source, and the literals every match of it
   * must contain in order (none when it has a `|`).
   */
  function parseAlt(flagsIn: Flags, depth: number): { source: string; required: string[] } {
    let flags = flagsIn;
    let out = '';
    let atomStart = -1;
    let atomKind: 'none' | 'atom' | 'assert' | 'quant' = 'none';
    let seq: string[] = [];
    let pending: string[] = [];
    let hadAlternation = false;

    const atom = (text: string, kind: 'atom' | 'assert' = 'atom', req: string[] = []) => {
      seq.push(...pending);
      pending = req;
      atomStart = out.length;
      out += text;
      atomKind = kind;
    };
    const litReq = (cp: number): string[] => {
      const ch = String.fromCodePoint(cp);
      return flags.i && ch.toLowerCase() !== ch.toUpperCase() ? [] : [ch];
    };
    const done = () => {
      seq.push(...pending);
      return { source: out, required: hadAlternation ? [] : seq };
    };

    while (i < n) {
      const ch = src[i];
      if (ch === ')') {
        if (depth === 0) err('unexpected )');
        return done();
      }
      if (ch === '|') {
        i++;
        out += '|';
        atomKind = 'none';
        hadAlternation = true;
        seq = [];
        pending = [];
        continue;
      }
      if (ch === '*' || ch === '+' || ch === '?' || (ch === '{' && /^\{\d+(,\d*)?\}/.test(src.slice(i)))) {
        let q: string;
        let optional = ch === '*' || ch === '?';
        if (ch === '{') {
          const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i)) as RegExpExecArray;
          const lo = Number(m[1]);
          const hi = m[3] === undefined ? (m[2] ? Infinity : lo) : m[3] === '' ? Infinity : Number(m[3]);
          if (lo > 1000 || (hi !== Infinity && hi > 1000)) err(`invalid repeat count: ${m[0]}`);
          if (hi < lo) err(`invalid repeat count: ${m[0]}`);
          optional = lo === 0;
          q = m[0];
          i += m[0].length;
        } else {
          q = ch;
          i++;
        }
        if (atomKind === 'none') err(`missing argument to repetition operator: ${q}`);
        if (atomKind === 'quant') err(`invalid nested repetition operator: ${q}`);
        let lazy = false;
        if (src[i] === '?') { lazy = true; i++; }
        if (flags.U) lazy = !lazy;
        if ((atomKind as string) === 'assert') {
          out = out.slice(0, atomStart) + '(?:' + out.slice(atomStart) + ')';
        }
        const expanded = ch === '{' ? expandRepeat(out.slice(atomStart), q, lazy) : undefined;
        if (expanded !== undefined) out = out.slice(0, atomStart) + expanded;
        else out += q + (lazy ? '?' : '');
        atomKind = 'quant';
        if (optional) pending = [];
        continue;
      }
      if (ch === '(') {
        i++;
        if (src[i] === '?') {
          const rest = src.slice(i + 1);
          let m: RegExpExecArray | null;
          if ((m = /^P?<([^>]*)>/.exec(rest))) {
            if (!/^[A-Za-z0-9_]+$/.test(m[1])) err(`invalid named capture: (?${m[0]}`);
            i += 1 + m[0].length;
            groupNames.push(m[1]);
            const inner = parseAlt(flags, depth + 1);
            closeGroup();
            atom('(' + inner.source + ')', 'atom', inner.required);
            continue;
          }
          if ((m = /^([imsU-]*):/.exec(rest))) {
            i += 1 + m[0].length;
            const inner = parseAlt(m[1] === '' ? flags : parseFlags(m[1], flags), depth + 1);
            closeGroup();
            atom('(?:' + inner.source + ')', 'atom', inner.required);
            continue;
          }
          if ((m = /^([imsU-]*)\)/.exec(rest))) {
            i += 1 + m[0].length;
            flags = parseFlags(m[1], flags);
            continue;
          }
          if (/^(=|!|<=|<!)/.test(rest)) err('look-around assertions are not supported by RE2');
          if (rest.startsWith('>')) err('atomic groups are not supported by RE2');
          err(`invalid or unsupported Perl syntax: (?${rest.slice(0, 1)}`);
        }
        groupNames.push(null);
        const inner = parseAlt(flags, depth + 1);
        closeGroup();
        atom('(' + inner.source + ')', 'atom', inner.required);
        continue;
      }
      if (ch === '[') {
        atom(parseClass(flags));
        continue;
      }
      if (ch === '.') {
        i++;
        atom(flags.s ? '[^]' : '[^\\n]');
        continue;
      }
      if (ch === '^' || ch === '$') {
        i++;
        if (flags.m) usesMultiline = true; else usesSingleLineAnchor = true;
        atom(ch, 'assert');
        continue;
      }
      if (ch === '\\') {
        const e = parseEscapeOutside(flags);
        atom(e.text, e.kind, e.literal === undefined ? [] : litReq(e.literal));
        continue;
      }
      const cp = src.codePointAt(i) as number;
      i += cp > 0xffff ? 2 : 1;
      atom(literalChar(cp, flags), 'atom', litReq(cp));
    }
    if (depth > 0) err('missing closing )');
    return done();
  }

  function closeGroup(): void {
    if (src[i] !== ')') err('missing closing )');
    i++;
  }

  function parseEscapeOutside(flags: Flags): { text: string; kind: 'atom' | 'assert'; literal?: number } {
    const e = src[i + 1];
    if (e === undefined) err('trailing backslash at end of expression');
    if (e === 'A') { i += 2; usesSingleLineAnchor = true; return { text: '^', kind: 'assert' }; }
    if (e === 'z') { i += 2; usesSingleLineAnchor = true; return { text: '$', kind: 'assert' }; }
    if (e === 'b' || e === 'B') { i += 2; return { text: '\\' + e, kind: 'assert' }; }
    if (e === 'Q') {
      const end = src.indexOf('\\E', i + 2);
      const lit = src.slice(i + 2, end < 0 ? n : end);
      i = end < 0 ? n : end + 2;
      let text = '';
      for (const c of lit) text += literalChar(c.codePointAt(0) as number, flags);
      return { text: lit.length === 1 ? text : '(?:' + text + ')', kind: 'atom' };
    }
    const rs = parseClassEscape(flags);
    if (typeof rs === 'number') return { text: literalChar(rs, flags), kind: 'atom', literal: rs };
    return { text: '[' + rangesToClassBody(rs) + ']', kind: 'atom' };
  }

  /** Parses an escape (at src[i] === '\\') valid inside or outside classes: a char code or ranges. */
  function parseClassEscape(flags: Flags): number | Range[] {
    const e = src[i + 1];
    if (e === undefined) err('trailing backslash at end of expression');
    i += 2;
    switch (e) {
      case 'a': return 7;
      case 'f': return 12;
      case 't': return 9;
      case 'n': return 10;
      case 'r': return 13;
      case 'v': return 11;
      case 'd': case 's': case 'w': return PERL[e];
      case 'D': case 'S': case 'W': return complement(PERL[e.toLowerCase()]);
      case 'x': {
        if (src[i] === '{') {
          const close = src.indexOf('}', i);
          const hex = close < 0 ? '' : src.slice(i + 1, close);
          if (!/^[0-9a-fA-F]{1,8}$/.test(hex) || parseInt(hex, 16) > 0x10ffff) err(`invalid escape sequence: \\x{${hex}`);
          i = close + 1;
          return parseInt(hex, 16);
        }
        const hex = src.slice(i, i + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) err(`invalid escape sequence: \\x${hex}`);
        i += 2;
        return parseInt(hex, 16);
      }
      case 'p': case 'P': {
        let name: string;
        if (src[i] === '{') {
          const close = src.indexOf('}', i);
          if (close < 0) err('invalid character class range: missing }');
          name = src.slice(i + 1, close);
          i = close + 1;
        } else {
          name = src[i] ?? '';
          i++;
        }
        let negate = e === 'P';
        if (name.startsWith('^')) { negate = !negate; name = name.slice(1); }
        const rs = unicodeClass(name);
        if (!rs) err(`invalid character class range: \\${e}{${name}}`);
        return negate ? complement(rs as Range[]) : (rs as Range[]);
      }
      case 'C':
        return err('\\C (any byte) is not supported');
    }
    if (e >= '0' && e <= '7') {
      // Go: a single non-zero digit would be a back-reference, which RE2 rejects.
      if (e !== '0' && !(src[i] >= '0' && src[i] <= '7')) err(`invalid escape sequence: \\${e} (back-references are not supported by RE2)`);
      let digits = e;
      while (digits.length < 3 && src[i] >= '0' && src[i] <= '7') digits += src[i++];
      return parseInt(digits, 8);
    }
    if (e === '8' || e === '9') err(`invalid escape sequence: \\${e}`);
    const code = e.charCodeAt(0);
    if (code < 128 && !/[A-Za-z0-9_]/.test(e)) return code;
    return err(`invalid escape sequence: \\${e}`);
  }

  function parseClass(flags: Flags): string {
    i++;
    let negate = false;
    if (src[i] === '^') { negate = true; i++; }
    const ranges: Range[] = [];
    let first = true;
    while (true) {
      if (i >= n) err('missing closing ]');
      const ch = src[i];
      if (ch === ']' && !first) { i++; break; }
      first = false;
      if (ch === '[' && src[i + 1] === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(src.slice(i));
        if (m) {
          const cls = Object.hasOwn(POSIX, m[2]) ? POSIX[m[2]] : undefined;
          if (!cls) err(`invalid character class range: ${m[0]}`);
          ranges.push(...(m[1] ? complement(cls!) : cls!));
          i += m[0].length;
          continue;
        }
      }
      let lo: number | Range[];
      if (ch === '\\') lo = parseClassEscape(flags);
      else {
        lo = src.codePointAt(i) as number;
        i += lo > 0xffff ? 2 : 1;
      }
      if (typeof lo !== 'number') { ranges.push(...lo); continue; }
      if (src[i] === '-' && src[i + 1] !== ']' && i + 1 < n) {
        i++;
        let hi: number | Range[];
        if (src[i] === '\\') hi = parseClassEscape(flags);
        else {
          hi = src.codePointAt(i) as number;
          i += hi > 0xffff ? 2 : 1;
        }
        if (typeof hi !== 'number' || hi < lo) err('invalid character class range');
        ranges.push([lo, hi as number]);
      } else ranges.push([lo, lo]);
    }
    let rs = flags.i ? foldCase(ranges) : ranges;
    const astral = rs.filter(([, hi]) => hi > MAX_CODE);
    if (astral.length) {
      // Without the `u` flag a class holds UTF-16 units; clamp to the BMP and accept
      // the documented discrepancy for characters beyond it.
      rs = rs.filter(([lo]) => lo <= MAX_CODE).map(([lo, hi]) => [lo, Math.min(hi, MAX_CODE)] as Range);
    }
    if (rs.length === 0) return negate ? '[^]' : '[]';
    return '[' + (negate ? '^' : '') + rangesToClassBody(rs) + ']';
  }

  const { source, required } = parseAlt({ i: false, s: false, m: false, U: false }, 0);
  if (usesMultiline && usesSingleLineAnchor) {
    err('mixing (?m) line anchors with text anchors in one pattern is not supported');
  }
  // Merge adjacent single characters into longer needles is not attempted: order
  // alone already rejects most near misses, and the needles stay exact.
  return { source, flags: usesMultiline ? 'm' : '', groupNames, required };
}
