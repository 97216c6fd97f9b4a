// Recursive-descent parser. On a syntax error it records a diagnostic, skips to
// the end of the statement (keeping bracket balance) and carries on, so one
// compile reports every syntax error of the script.

import type { Arg, Expr, Program, Stmt } from './ast';
import { Diagnostic, diag } from './diagnostics';
import { Token, tokenize } from './lexer';

class SyntaxFail extends Error {}

const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=']);
const CMP_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const TYPE_NAMES = new Set(['str', 'bool', 'int', 'float', 'list', 'map']);

export function parse(src: string, file: string): { program: Program; diagnostics: Diagnostic[] } {
  const toks = tokenize(src);
  const diagnostics: Diagnostic[] = [];
  let p = 0;

  const peek = (k = 0): Token => toks[Math.min(p + k, toks.length - 1)];
  const next = (): Token => toks[p < toks.length - 1 ? p++ : p];
  const isOp = (t: Token, op: string) => t.kind === 'OP' && t.text === op;
  const isKw = (t: Token, kw: string) => t.kind === 'KEYWORD' && t.text === kw;

  function describe(t: Token): string {
    switch (t.kind) {
      case 'EOF': return 'end of script';
      case 'EOL': return 'end of line';
      case 'STRING': return 'string';
      case 'INT': case 'FLOAT': return `number ${t.text}`;
      case 'IDENT': return `identifier "${t.text}"`;
      case 'KEYWORD': return `keyword "${t.text}"`;
      default: return `"${t.text}"`;
    }
  }

  function fail(t: Token, message: string, hint?: string): never {
    diagnostics.push(diag(file, t.pos, message, hint));
    throw new SyntaxFail();
  }

  function unexpected(t: Token, wanted: string): never {
    if (t.kind === 'ERROR') fail(t, t.text);
    let hint: string | undefined;
    if (t.kind === 'KEYWORD' && ['str', 'bool', 'int', 'float', 'list', 'map', 'identifier', 'in', 'while', 'return'].includes(t.text)) {
      hint = `"${t.text}" is a keyword; write \`${t.text}\` (backticks) to use it as a name`;
    } else if (t.kind === 'KEYWORD' && (t.text === 'else' || t.text === 'elif')) {
      hint = `"${t.text}" must follow the closing "}" of the if block on the same line`;
    }
    fail(t, `syntax error: unexpected ${describe(t)}, expected ${wanted}`, hint);
  }

  function expect(kind: Token['kind'], wanted: string): Token {
    const t = peek();
    if (t.kind !== kind) unexpected(t, wanted);
    return next();
  }

  function skipEols(): void {
    while (peek().kind === 'EOL') next();
  }

  /** Error recovery: skip to the end of the current statement at this nesting depth. */
  function recover(): void {
    let depth = 0;
    while (true) {
      const t = peek();
      if (t.kind === 'EOF') return;
      if (t.kind === 'LPAREN' || t.kind === 'LBRACK' || t.kind === 'LBRACE') depth++;
      else if (t.kind === 'RPAREN' || t.kind === 'RBRACK' || t.kind === 'RBRACE') {
        if (depth === 0) return;
        depth--;
        if (depth === 0 && t.kind === 'RBRACE') { next(); return; }
      } else if (t.kind === 'EOL' || t.kind === 'SEMI') {
        if (depth === 0) return;
        // An unclosed bracket would swallow the rest of the script; stop at a line
        // that clearly starts a new statement so later errors are still reported.
        if (t.kind === 'EOL' && startsStatement(1)) return;
      }
      next();
    }
  }

  function startsStatement(k: number): boolean {
    const a = peek(k);
    const b = peek(k + 1);
    if (a.kind === 'KEYWORD' && ['if', 'for', 'break', 'continue'].includes(a.text)) return true;
    return a.kind === 'IDENT' && b.kind === 'OP' && ASSIGN_OPS.has(b.text);
  }

  function parseBlockStmts(closing: 'RBRACE' | 'EOF'): Stmt[] {
    const out: Stmt[] = [];
    while (true) {
      const t = peek();
      if (t.kind === 'EOL' || t.kind === 'SEMI') { next(); continue; }
      if (t.kind === closing) return out;
      if (t.kind === 'EOF') {
        if (closing === 'RBRACE') fail(t, 'syntax error: unexpected end of script, expected "}"');
        return out;
      }
      if (t.kind === 'RBRACE' && closing === 'EOF') {
        diagnostics.push(diag(file, t.pos, 'syntax error: unexpected "}"'));
        next();
        continue;
      }
      try {
        out.push(parseStmt());
        const after = peek();
        if (after.kind !== 'EOL' && after.kind !== 'SEMI' && after.kind !== 'EOF' && after.kind !== 'RBRACE') {
          unexpected(after, 'end of statement (new line or ";")');
        }
      } catch (e) {
        if (!(e instanceof SyntaxFail)) throw e;
        // The statement broke off at a line that starts a new one (e.g. an unclosed
        // "(" before an "if"): resume right there instead of skipping that line too.
        if (p > 0 && toks[p - 1].kind === 'EOL' && startsStatement(0)) continue;
        const before = p;
        recover();
        if (p === before && peek().kind !== 'EOF' && peek().kind !== 'RBRACE') next();
        if (peek().kind === 'RBRACE' && closing === 'EOF') next();
      }
    }
  }

  function parseBlock(): Stmt[] {
    expect('LBRACE', '"{"');
    const body = parseBlockStmts('RBRACE');
    expect('RBRACE', '"}"');
    return body;
  }

  function parseStmt(): Stmt {
    const t = peek();
    if (isKw(t, 'if')) return parseIf();
    if (isKw(t, 'for')) return parseFor();
    if (isKw(t, 'break')) { next(); return { kind: 'break', pos: t.pos }; }
    if (isKw(t, 'continue')) { next(); return { kind: 'continue', pos: t.pos }; }
    if (isKw(t, 'while') || isKw(t, 'return')) fail(t, `syntax error: "${t.text}" is reserved but not supported`);
    return parseSimpleStmt();
  }

  function parseSimpleStmt(): Stmt {
    const start = peek();
    const target = parseExpr();
    if (peek().kind === 'COMMA') {
      // `a, b = 1, 2` is grammatical but always fails when run.
      while (peek().kind === 'COMMA') { next(); skipEols(); parseExpr(); }
      const op = peek();
      if (!isOp(op, '=')) unexpected(op, '"="');
      next(); skipEols();
      parseExpr();
      while (peek().kind === 'COMMA') { next(); skipEols(); parseExpr(); }
      return { kind: 'multiassign', pos: start.pos };
    }
    const op = peek();
    if (op.kind === 'OP' && ASSIGN_OPS.has(op.text)) {
      if (target.kind !== 'ident' && target.kind !== 'index') {
        fail(start, 'syntax error: can only assign to a name or an index expression');
      }
      next();
      skipEols();
      const value = parseExpr();
      return { kind: 'assign', pos: op.pos, op: op.text, target, value };
    }
    return { kind: 'expr', pos: start.pos, expr: target };
  }

  function parseIf(): Stmt {
    const start = next();
    const branches: Array<{ cond: Expr; body: Stmt[] }> = [];
    branches.push({ cond: parseExpr(), body: parseBlock() });
    let orelse: Stmt[] | undefined;
    while (true) {
      const t = peek();
      if (isKw(t, 'elif')) {
        next();
        branches.push({ cond: parseExpr(), body: parseBlock() });
      } else if (isKw(t, 'else')) {
        next();
        orelse = parseBlock();
        break;
      } else break;
    }
    return { kind: 'if', pos: start.pos, branches, orelse };
  }

  function parseFor(): Stmt {
    const start = next();
    if (peek().kind === 'IDENT' && isKw(peek(1), 'in')) {
      const name = next().text;
      next();
      const iter = parseExpr();
      if (iter.kind === 'int' || iter.kind === 'float' || iter.kind === 'bool' || iter.kind === 'nil') {
        fail({ ...peek(), pos: iter.pos }, `syntax error: cannot iterate over a ${iter.kind} literal`);
      }
      return { kind: 'forin', pos: start.pos, name, iter, body: parseBlock() };
    }
    let init: Stmt | undefined;
    let cond: Expr | undefined;
    let step: Stmt | undefined;
    if (peek().kind !== 'SEMI') init = parseSimpleStmt();
    expect('SEMI', '";" in a for statement (use "for x in list" or "for init; cond; step")');
    if (peek().kind !== 'SEMI') cond = parseExpr();
    expect('SEMI', '";"');
    if (peek().kind !== 'LBRACE') step = parseSimpleStmt();
    return { kind: 'for', pos: start.pos, init, cond, step, body: parseBlock() };
  }

  function parseExpr(): Expr {
    return parseBinary(0);
  }

  // Levels: || , && , in , comparisons , + - , * / %
  function levelOf(t: Token): number {
    if (t.kind === 'KEYWORD' && t.text === 'in') return 3;
    if (t.kind !== 'OP') return -1;
    if (t.text === '||') return 1;
    if (t.text === '&&') return 2;
    if (CMP_OPS.has(t.text)) return 4;
    if (t.text === '+' || t.text === '-') return 5;
    if (t.text === '*' || t.text === '/' || t.text === '%') return 6;
    return -1;
  }

  function parseBinary(minLevel: number): Expr {
    let left = parseUnary();
    while (true) {
      const t = peek();
      const level = levelOf(t);
      if (level < 0 || level < minLevel) break;
      next();
      skipEols();
      const right = parseBinary(level + 1);
      if ((t.text === '/' || t.text === '%') && isZeroLiteral(right)) {
        diagnostics.push(diag(file, right.pos, `division by zero`));
      }
      left = { kind: 'binary', pos: t.pos, op: t.text, left, right };
    }
    return left;
  }

  function isZeroLiteral(e: Expr): boolean {
    return (e.kind === 'int' && e.value === 0n) || (e.kind === 'float' && e.value === 0);
  }

  function parseUnary(): Expr {
    const t = peek();
    if (t.kind === 'OP' && (t.text === '!' || t.text === '-' || t.text === '+')) {
      next();
      const operand = parseUnary();
      // A sign directly on a number literal is folded, so -9223372036854775808 fits.
      if (t.text === '-' && operand.kind === 'int') {
        return { kind: 'int', pos: t.pos, value: BigInt.asIntN(64, -operand.value) };
      }
      if (t.text === '-' && operand.kind === 'float') return { kind: 'float', pos: t.pos, value: -operand.value };
      if (t.text === '+' && (operand.kind === 'int' || operand.kind === 'float')) return { ...operand, pos: t.pos };
      return { kind: 'unary', pos: t.pos, op: t.text, operand };
    }
    return parsePostfix(parsePrimary());
  }

  function parsePostfix(e: Expr): Expr {
    while (true) {
      const t = peek();
      if (t.kind === 'LBRACK') {
        next();
        skipEols();
        e = parseIndexOrSlice(e, t);
      } else if (t.kind === 'DOT') {
        next();
        const name = peek();
        if (name.kind === 'IDENT') {
          next();
          e = { kind: 'attr', pos: e.pos, obj: e, name: name.text, namePos: name.pos };
        } else if (name.kind === 'LBRACK') {
          continue;
        } else unexpected(name, 'a name after "."');
      } else if (t.kind === 'LPAREN') {
        if (e.kind !== 'ident' || e.backtick) fail(t, 'syntax error: only named functions can be called');
        next();
        e = { kind: 'call', pos: e.pos, name: e.name, namePos: e.pos, args: parseArgs(e.pos.offset) };
      } else return e;
    }
  }

  function parseIndexOrSlice(obj: Expr | null, open: Token): Expr {
    let start: Expr | undefined;
    if (peek().kind !== 'COLON') start = parseExpr();
    skipEols();
    if (peek().kind === 'RBRACK') {
      next();
      if (!start) unexpected(peek(), 'an index');
      return { kind: 'index', pos: obj ? obj.pos : open.pos, obj, index: start };
    }
    if (!obj) unexpected(peek(), '"]"');
    expect('COLON', '"]" or ":"');
    skipEols();
    let end: Expr | undefined;
    let step: Expr | undefined;
    if (peek().kind !== 'COLON' && peek().kind !== 'RBRACK') end = parseExpr();
    if (peek().kind === 'COLON') {
      next();
      skipEols();
      if (peek().kind !== 'RBRACK') step = parseExpr();
    }
    skipEols();
    expect('RBRACK', '"]"');
    return { kind: 'slice', pos: obj.pos, obj, start, end, step };
  }

  /** The arguments of a call whose name starts at `start`, up to and including its ")". */
  function parseArgs(start: number): Arg[] {
    const args: Arg[] = [];
    const typeWords: Array<{ word: Token; reported: Diagnostic }> = [];
    skipEols();
    while (peek().kind !== 'RPAREN') {
      const t = peek();
      if (t.kind === 'IDENT' && isOp(peek(1), '=')) {
        next();
        next();
        skipEols();
        args.push({ name: t.text, pos: t.pos, value: parseArg(typeWords) });
      } else {
        args.push({ pos: t.pos, value: parseArg(typeWords) });
      }
      skipEols();
      if (peek().kind === 'COMMA') { next(); skipEols(); continue; }
      if (peek().kind !== 'RPAREN') unexpected(peek(), '"," or ")"');
    }
    const close = next();
    // The hint shows the whole call corrected, when it fits on one line: cast(status, "int").
    let fixed = src.slice(start, close.end);
    if (typeWords.length && !fixed.includes('\n')) {
      for (const { word } of [...typeWords].reverse()) {
        fixed = fixed.slice(0, word.pos.offset - start) + JSON.stringify(word.text) + fixed.slice(word.end - start);
      }
      for (const { reported } of typeWords) reported.hint = `write the type as a string: ${fixed}`;
    }
    return args;
  }

  /**
   * One argument. A bare type name (`cast(status, int)`) is reported, with the string it should
   * be as the hint, and read as that string so the rest of the call is still checked.
   */
  function parseArg(typeWords: Array<{ word: Token; reported: Diagnostic }>): Expr {
    const t = peek();
    const after = peek(1).kind;
    if (t.kind !== 'KEYWORD' || !TYPE_NAMES.has(t.text) || (after !== 'COMMA' && after !== 'RPAREN')) return parseExpr();
    next();
    const reported = diag(file, t.pos, `syntax error: unexpected keyword "${t.text}", expected an expression`, `write the type as a string: "${t.text}"`);
    diagnostics.push(reported);
    typeWords.push({ word: t, reported });
    return { kind: 'str', pos: t.pos, value: t.text };
  }

  function parsePrimary(): Expr {
    const t = peek();
    switch (t.kind) {
      case 'IDENT': next(); return { kind: 'ident', pos: t.pos, name: t.text, backtick: !!t.quoted };
      case 'STRING': next(); return { kind: 'str', pos: t.pos, value: t.text };
      case 'INT': next(); return { kind: 'int', pos: t.pos, value: t.intValue as bigint };
      case 'FLOAT': next(); return { kind: 'float', pos: t.pos, value: t.floatValue as number };
      case 'KEYWORD':
        if (t.text === 'true' || t.text === 'false') { next(); return { kind: 'bool', pos: t.pos, value: t.text === 'true' }; }
        if (t.text === 'nil' || t.text === 'null') { next(); return { kind: 'nil', pos: t.pos }; }
        return unexpected(t, 'an expression');
      case 'LPAREN': {
        next();
        skipEols();
        const inner = parseExpr();
        skipEols();
        expect('RPAREN', '")"');
        return { kind: 'paren', pos: t.pos, expr: inner };
      }
      case 'LBRACK': {
        next();
        const items: Expr[] = [];
        skipEols();
        while (peek().kind !== 'RBRACK') {
          items.push(parseExpr());
          skipEols();
          if (peek().kind === 'COMMA') { next(); skipEols(); continue; }
          if (peek().kind !== 'RBRACK') unexpected(peek(), '"," or "]"');
        }
        next();
        return { kind: 'list', pos: t.pos, items };
      }
      case 'LBRACE': {
        next();
        const entries: Array<{ key: Expr; value: Expr }> = [];
        skipEols();
        while (peek().kind !== 'RBRACE') {
          const key = parseExpr();
          skipEols();
          expect('COLON', '":"');
          skipEols();
          entries.push({ key, value: parseExpr() });
          skipEols();
          if (peek().kind === 'COMMA') { next(); skipEols(); continue; }
          if (peek().kind !== 'RBRACE') unexpected(peek(), '"," or "}"');
        }
        next();
        return { kind: 'map', pos: t.pos, entries };
      }
      case 'DOT': {
        // Leading-dot JSON path: `.[0].name`.
        next();
        const open = peek();
        if (open.kind === 'LBRACK') {
          next();
          skipEols();
          return parsePostfix(parseIndexOrSlice(null, open));
        }
        if (open.kind === 'IDENT') {
          next();
          return parsePostfix({ kind: 'attr', pos: t.pos, obj: null, name: open.text, namePos: open.pos });
        }
        return unexpected(open, '"[" after a leading "."');
      }
      default:
        return unexpected(t, 'an expression');
    }
  }

  const stmts = parseBlockStmts('EOF');
  return { program: { stmts }, diagnostics };
}
