// Tokenizer for Pipeline scripts (reference §1.1). It never throws: bad input
// becomes an ERROR token carrying a message, so the parser can report every
// problem of a script in one pass.

export type TokKind =
  | 'EOL' | 'SEMI' | 'EOF' | 'ERROR'
  | 'IDENT' | 'STRING' | 'INT' | 'FLOAT' | 'KEYWORD'
  | 'LPAREN' | 'RPAREN' | 'LBRACK' | 'RBRACK' | 'LBRACE' | 'RBRACE'
  | 'COMMA' | 'COLON' | 'DOT' | 'OP';

export interface Pos {
  offset: number;
  line: number;
  col: number;
}

export interface Token {
  kind: TokKind;
  /** Identifier name, decoded string, keyword (lowercased), operator text or error message. */
  text: string;
  pos: Pos;
  end: number;
  /** For IDENT: written with backticks. For STRING: triple-quoted. */
  quoted?: boolean;
  intValue?: bigint;
  floatValue?: number;
}

export const KEYWORDS = new Set([
  'if', 'elif', 'else', 'for', 'in', 'while', 'break', 'continue', 'return',
  'true', 'false', 'nil', 'null', 'identifier', 'str', 'bool', 'int', 'float', 'list', 'map',
]);

const OPERATORS = ['+=', '-=', '*=', '/=', '%=', '==', '!=', '<=', '>=', '&&', '||', '=', '<', '>', '+', '-', '*', '/', '%', '!'];

const SINGLE: Record<string, TokKind> = {
  '(': 'LPAREN', ')': 'RPAREN', '[': 'LBRACK', ']': 'RBRACK', '{': 'LBRACE', '}': 'RBRACE',
  ',': 'COMMA', ':': 'COLON', '.': 'DOT', ';': 'SEMI', '\n': 'EOL',
};

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

/** Go strconv.ParseInt(s, 0, 64): base from the prefix, a leading 0 means octal. */
export function parseGoIntBase0(text: string): bigint | undefined {
  let s = text;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  let digits: RegExp;
  let prefix = '';
  if (/^0[xX]/.test(s)) { digits = /^[0-9a-fA-F]+$/; prefix = '0x'; s = s.slice(2); }
  else if (/^0[bB]/.test(s)) { digits = /^[01]+$/; prefix = '0b'; s = s.slice(2); }
  else if (/^0[oO]/.test(s)) { digits = /^[0-7]+$/; prefix = '0o'; s = s.slice(2); }
  else if (s.length > 1 && s[0] === '0') { digits = /^[0-7]+$/; prefix = '0o'; s = s.slice(1); }
  else digits = /^[0-9]+$/;
  // Base-prefixed literals may use underscores between digits in Go.
  if (prefix && s.includes('_')) {
    if (/^_|__|_$/.test(s)) return undefined;
    s = s.replace(/_/g, '');
  }
  if (!digits.test(s)) return undefined;
  const v = BigInt(prefix + s) * (neg ? -1n : 1n);
  if (v < -(1n << 63n) || v > (1n << 63n) - 1n) return undefined;
  return v;
}

export function tokenize(src: string): Token[] {
  const toks: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = src.length;

  const pos = (at: number): Pos => ({ offset: at, line, col: at - lineStart + 1 });
  const push = (kind: TokKind, text: string, _start: number, p: Pos, extra?: Partial<Token>) => {
    toks.push({ kind, text, pos: p, end: i, ...extra });
  };

  while (i < n) {
    const c = src.charCodeAt(i);
    const ch = src[i];
    if (ch === ' ' || ch === '\t' || ch === '\r') { i++; continue; }
    if (ch === '#') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    const start = i;
    const p = pos(i);
    if (ch === '\n') {
      i++;
      push('EOL', '\n', start, p);
      line++;
      lineStart = i;
      continue;
    }
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(src.charCodeAt(i))) i++;
      const word = src.slice(start, i);
      const lower = word.toLowerCase();
      if (lower === 'inf') push('FLOAT', word, start, p, { floatValue: Infinity });
      else if (lower === 'nan') push('FLOAT', word, start, p, { floatValue: NaN });
      else if (KEYWORDS.has(lower)) push('KEYWORD', lower, start, p);
      else push('IDENT', word, start, p);
      continue;
    }
    if (ch === '`') {
      const close = src.indexOf('`', i + 1);
      const nl = src.indexOf('\n', i + 1);
      if (close < 0 || (nl >= 0 && nl < close)) {
        i = nl >= 0 ? nl : n;
        push('ERROR', 'unterminated backtick identifier', start, p);
        continue;
      }
      i = close + 1;
      push('IDENT', src.slice(start + 1, close), start, p, { quoted: true });
      continue;
    }
    if (c >= 48 && c <= 57) {
      lexNumber(p);
      continue;
    }
    if (ch === '"' || ch === "'") {
      if (src.startsWith(ch.repeat(3), i)) lexTriple(p);
      else lexString(ch, p);
      continue;
    }
    const single = SINGLE[ch];
    if (single) {
      i++;
      push(single, ch, start, p);
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op) {
      i += op.length;
      push('OP', op, start, p);
      continue;
    }
    // Consume a whole code point so the message names the real character.
    const cp = src.codePointAt(i) ?? c;
    i += cp > 0xffff ? 2 : 1;
    push('ERROR', `unexpected character ${JSON.stringify(String.fromCodePoint(cp))}`, start, p);
  }
  toks.push({ kind: 'EOF', text: '', pos: pos(i), end: i });
  return toks;

  function lexNumber(p: Pos): void {
    const start = i;
    if (src[i] === '0' && (src[i + 1] === 'x' || src[i + 1] === 'X')) {
      i += 2;
      while (i < n && /[0-9a-fA-F]/.test(src[i])) i++;
    } else {
      while (i < n && src[i] >= '0' && src[i] <= '9') i++;
      if (src[i] === '.') {
        i++;
        while (i < n && src[i] >= '0' && src[i] <= '9') i++;
      }
      if ((src[i] === 'e' || src[i] === 'E') && /[0-9]/.test(src[i + (src[i + 1] === '+' || src[i + 1] === '-' ? 2 : 1)] ?? '')) {
        i += src[i + 1] === '+' || src[i + 1] === '-' ? 2 : 1;
        while (i < n && src[i] >= '0' && src[i] <= '9') i++;
      }
    }
    if (i < n && isIdentPart(src.charCodeAt(i))) {
      while (i < n && isIdentPart(src.charCodeAt(i))) i++;
      push('ERROR', `bad number syntax: ${JSON.stringify(src.slice(start, i))}`, start, p);
      return;
    }
    const text = src.slice(start, i);
    const asInt = /[.eE]/.test(text) && !/^0[xX]/.test(text) ? undefined : parseGoIntBase0(text);
    if (asInt !== undefined) {
      push('INT', text, start, p, { intValue: asInt });
      return;
    }
    const f = /^0[xX]/.test(text) ? Number(text) : Number(text.endsWith('.') ? text + '0' : text);
    if (Number.isNaN(f)) push('ERROR', `bad number syntax: ${JSON.stringify(text)}`, start, p);
    else push('FLOAT', text, start, p, { floatValue: f });
  }

  function lexTriple(p: Pos): void {
    const start = i;
    i += 3;
    // Code quirk kept on purpose: the first run of three quotes of either kind closes it.
    const m = /"""|'''/g;
    m.lastIndex = i;
    const found = m.exec(src);
    if (!found) {
      i = n;
      push('ERROR', 'unterminated multi-line string', start, p);
      return;
    }
    const body = src.slice(i, found.index);
    for (const c2 of body) if (c2 === '\n') { line++; }
    const lastNl = body.lastIndexOf('\n');
    i = found.index + 3;
    if (lastNl >= 0) lineStart = start + 3 + lastNl + 1;
    push('STRING', body, start, p, { quoted: true });
  }

  function lexString(q: string, p: Pos): void {
    const start = i;
    i++;
    const bytes: number[] = [];
    let err: string | undefined;
    const pushCode = (cp: number) => {
      for (const b of Buffer.from(String.fromCodePoint(cp), 'utf8')) bytes.push(b);
    };
    while (true) {
      if (i >= n || src[i] === '\n') {
        push('ERROR', 'unterminated string literal', start, p);
        return;
      }
      const c2 = src[i];
      if (c2 === q) { i++; break; }
      if (c2 !== '\\') {
        const cp = src.codePointAt(i) as number;
        pushCode(cp);
        i += cp > 0xffff ? 2 : 1;
        continue;
      }
      const e = src[i + 1];
      const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };
      if (e !== undefined && simple[e] !== undefined) { bytes.push(simple[e]); i += 2; continue; }
      if (e === q) { bytes.push(q.charCodeAt(0)); i += 2; continue; }
      if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(src.slice(i + 2, i + 4))) {
        bytes.push(parseInt(src.slice(i + 2, i + 4), 16));
        i += 4;
        continue;
      }
      if ((e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) || (e === 'U' && /^[0-9a-fA-F]{8}$/.test(src.slice(i + 2, i + 10)))) {
        const len = e === 'u' ? 4 : 8;
        const cp = parseInt(src.slice(i + 2, i + 2 + len), 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) err ??= `invalid escape sequence \\${e}${src.slice(i + 2, i + 2 + len)}`;
        else pushCode(cp);
        i += 2 + len;
        continue;
      }
      if (/^[0-7]{3}$/.test(src.slice(i + 1, i + 4))) {
        const v = parseInt(src.slice(i + 1, i + 4), 8);
        if (v > 255) err ??= `octal escape value > 255: \\${src.slice(i + 1, i + 4)}`;
        bytes.push(v & 255);
        i += 4;
        continue;
      }
      err ??= `unknown escape sequence \\${e ?? ''} (write \\\\ for a backslash, or use a '''…''' string)`;
      i += e === undefined ? 1 : 2;
    }
    if (err) push('ERROR', err, start, p);
    else push('STRING', new TextDecoder().decode(Uint8Array.from(bytes)), start, p);
  }
}
