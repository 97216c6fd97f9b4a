// Grok: expand %{NAME[:alias[:type]]} references into one RE2 regex, translate it
// to a JS RegExp once, and apply Datakit's capture rules when matching.

import { Value } from '../value';
import { parseGoIntBase0 } from '../lexer';
import { BUILTIN_PATTERNS } from './patterns';
import { translateRe2 } from './re2';
import { execUnderDeadline, inlineLimit } from './guard';

export class GrokError extends Error {}

export type CaptureType = 'string' | 'int' | 'float' | 'bool';

export interface PatternDef {
  /** RE2 text with every reference expanded. */
  expanded: string;
  /** Types declared for aliases (sanitised names), nested declarations merged. */
  types: Map<string, CaptureType>;
}

export type PatternLookup = (name: string) => PatternDef | undefined;

const REF = /%\{([\w.-]+)(?::([\w.-]+)(?::(\w+))?)?\}/g;

const TYPES: Record<string, CaptureType> = { string: 'string', str: 'string', int: 'int', float: 'float', bool: 'bool' };

export function sanitizeAlias(alias: string): string {
  return alias.replace(/\W/g, '_');
}

/** Expand the references of `pattern`; `lookup` resolves names (locals first, then built-ins). */
export function expandPattern(pattern: string, lookup: PatternLookup): PatternDef {
  const types = new Map<string, CaptureType>();
  const outerTypes = new Map<string, CaptureType>();
  const expanded = pattern.replace(REF, (_m, name: string, alias?: string, type?: string) => {
    const def = lookup(name);
    if (!def) throw new GrokError(`no pattern found for %{${name}}`);
    for (const [k, t] of def.types) types.set(k, t);
    if (type !== undefined) {
      const t = Object.hasOwn(TYPES, type) ? TYPES[type] : undefined;
      if (!t) throw new GrokError(`unsupported grok capture type "${type}" in %{${name}:${alias}:${type}} (use string, str, int, float or bool)`);
      outerTypes.set(sanitizeAlias(alias as string), t);
    }
    if (alias === undefined) return `(?:${def.expanded})`;
    return `(?P<${sanitizeAlias(alias)}>${def.expanded})`;
  });
  for (const [k, t] of outerTypes) types.set(k, t);
  return { expanded, types };
}

const globalCache = new Map<string, PatternDef | null>();
const expanding = new Set<string>();

/** A built-in pattern, expanded against the built-in library only (as Datakit pre-expands them). */
export function builtinPattern(name: string): PatternDef | undefined {
  const cached = globalCache.get(name);
  if (cached !== undefined) return cached ?? undefined;
  const raw = BUILTIN_PATTERNS.get(name);
  if (raw === undefined) return undefined;
  if (expanding.has(name)) throw new GrokError(`recursive grok pattern %{${name}}`);
  expanding.add(name);
  try {
    const def = expandPattern(raw, builtinPattern);
    globalCache.set(name, def);
    return def;
  } finally {
    expanding.delete(name);
  }
}

export interface Capture {
  name: string;
  /** Capture group index whose value is written (the last group of that name). */
  group: number;
  type: CaptureType;
}

export interface CompiledGrok {
  pattern: string;
  re: RegExp;
  /** Inputs up to this length are matched in place, longer ones under the line's deadline (guard.ts). */
  inlineUpTo: number;
  captures: Capture[];
  /** Literals that must occur in order in any matching input. */
  required: string[];
  /** Per required literal: its code unit when it is one UTF-16 unit long, else -1. */
  requiredUnits: Int32Array;
  /** Inputs matched in a row (see PREFILTER_AFTER): while it is high, the literals are not looked for first. */
  matchedInARow: number;
}

/**
 * Looking for the required literals first only pays when inputs fail: a regex that fails can take
 * long, one that matches has to run anyway. After this many matches in a row the literals are
 * skipped, until an input fails again. Either way the answer is the regex's: every match holds them.
 */
const PREFILTER_AFTER = 16;

export function compileGrok(pattern: string, lookup: PatternLookup): CompiledGrok {
  const def = expandPattern(pattern, lookup);
  const tr = translateRe2(def.expanded);
  let re: RegExp;
  try {
    re = new RegExp(tr.source, tr.flags);
  } catch (e) {
    throw new GrokError(`pattern could not be compiled: ${(e as Error).message}`);
  }
  const lastGroup = new Map<string, number>();
  tr.groupNames.forEach((name, idx) => {
    if (name !== null) lastGroup.set(name, idx + 1);
  });
  const captures: Capture[] = [...lastGroup].map(([name, group]) => ({ name, group, type: def.types.get(name) ?? 'string' }));
  const requiredUnits = Int32Array.from(tr.required, (lit) => (lit.length === 1 ? lit.charCodeAt(0) : -1));
  return { pattern, re, inlineUpTo: inlineLimit(re), captures, required: tr.required, requiredUnits, matchedInARow: 0 };
}

/** Go ParseFloat subset: decimal/exponent forms and inf/nan spellings; anything else fails. */
export function goParseFloat(s: string): number | undefined {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  const m = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (m) return m[2].toLowerCase() === 'nan' ? NaN : m[1] === '-' ? -Infinity : Infinity;
  return undefined;
}

export function goParseBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/** spf13/cast conversion of a capture (Datakit 1.84.1's grok). */
export function convertCapture(text: string, type: CaptureType): Value {
  switch (type) {
    case 'string': return text;
    case 'int': return parseGoIntBase0(text.replace(/\.0+$/, '')) ?? 0n;
    case 'float': return goParseFloat(text) ?? 0;
    case 'bool': return goParseBool(text) ?? false;
  }
}

const TRIM = /^[\s\u0085\u00a0]+|[\s\u0085\u00a0]+$/g;

/** Runs the pattern; null when there is no match, else the values to write in order. */
export function runGrok(g: CompiledGrok, input: string, trimSpace: boolean): Array<[string, Value]> | null {
  const out: Array<[string, Value]> = [];
  return matchGrok(g, input, trimSpace, (k, v) => { out.push([k, v]); }) ? out : null;
}

/** Runs the pattern and hands each capture to `emit` in order; false when there is no match. */
export function matchGrok(g: CompiledGrok, input: string, trimSpace: boolean, emit: (name: string, v: Value) => void): boolean {
  const req = g.required;
  const units = g.requiredUnits;
  const n = input.length;
  const literals = g.matchedInARow < PREFILTER_AFTER ? req.length : 0;
  for (let k = 0, at = 0; k < literals; k++) {
    // Most literals are single characters (`dd.env=` is seven of them) and often follow the previous
    // one directly: comparing that one character first skips most indexOf calls, which were most of
    // a short match's time.
    const c = units[k];
    if (c >= 0 && at < n && input.charCodeAt(at) === c) {
      at++;
      continue;
    }
    const found = input.indexOf(req[k], at);
    if (found < 0) return false;
    at = found + req[k].length;
  }
  const m = n <= g.inlineUpTo ? g.re.exec(input) : execUnderDeadline(g.re, input);
  if (m === null) {
    g.matchedInARow = 0;
    return false;
  }
  if (g.matchedInARow < PREFILTER_AFTER) g.matchedInARow++;
  for (let k = 0; k < g.captures.length; k++) {
    const c = g.captures[k];
    let text = m[c.group] ?? '';
    if (trimSpace && text.length > 0) {
      const a = text.charCodeAt(0);
      const b = text.charCodeAt(text.length - 1);
      if (a <= 32 || b <= 32 || a > 127 || b > 127) text = text.replace(TRIM, '');
    }
    emit(c.name, c.type === 'string' ? text : convertCapture(text, c.type));
  }
  return true;
}
