// Runs one ported upstream case (see README.md for the case format) through the same
// compile + run API the `pipeline` command uses, and lists every way the outcome
// differs from what the Go engine's own test asserts.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileScript, PointWindows, RunResult } from '../index';
import { Value, goJson, toDisplayJson } from '../value';
import type { FileServices, Harness } from './harness';

export const CASES_DIR = path.join(__dirname, 'cases');

/** Clock and point time of every run unless a case pins its own: 2025-06-15T12:00:00Z. */
export const DEFAULT_NOW = '1749988800000000000';

/** Values in the data files: {"int": "…"}, {"float": n}, {"list": […]}, {"map": {…}}, or JSON scalars. */
export type DataValue = string | boolean | null | { int: string } | { float: number } | { list: DataValue[] } | { map: Record<string, DataValue> };

export interface Expect {
  compile?: 'error';
  /** Go's load error text, kept for reference; messages are not compared. */
  message?: string;
  run?: 'error';
  /** Values as Go's pt.Get returns them: lists and maps as their JSON text; null = missing or nil. */
  fields?: Record<string, DataValue>;
  /** Values as pt.GetRaw returns them (typed). */
  raw?: Record<string, DataValue>;
  present?: string[];
  absent?: string[];
  exactFields?: boolean;
  fieldCount?: number;
  tags?: Record<string, string>;
  exactTags?: boolean;
  time?: string;
  dropped?: boolean;
  pointName?: string;
  statusMapping?: boolean;
  /** default_time of the input per zone argument ("local" = no argument, local zone UTC); null = not a date. */
  zones?: Record<string, string | null>;
  points?: unknown;
  aggregates?: unknown;
  /** Several lines: the messages of the records point windows release, in order. */
  released?: string[];
}

/** One of several lines run one after another, with its own tags. */
export interface Line {
  message: string;
  tags?: Record<string, string>;
}

export interface Case {
  id: string;
  note?: string;
  /** What the upstream test provides and this library does not (the case cannot run here). */
  requires?: string;
  category?: 'logging' | 'other';
  zone?: string;
  now?: string;
  scriptName?: string;
  script?: string;
  /** The script store the upstream test loads (use() finds them by name). */
  scripts?: Record<string, string>;
  input?: string;
  noMessage?: boolean;
  fields?: Record<string, DataValue>;
  tags?: Record<string, string>;
  pointName?: string;
  /** Several lines run one after another, through point windows held as a log processor holds them. */
  lines?: Array<string | Line>;
  logOption?: Record<string, unknown>;
  expect: Expect;
}

export interface SourceFile extends FileServices {
  /** "owner/repo@commit path" of the upstream test file. */
  source: string;
  /** The function (or language part) the file tests. */
  subject: string;
  category?: 'logging' | 'other';
  zone?: string;
  cases: Case[];
}

/** Every data file under cases/, keyed by its path without extension ("pipeline-go/fn_trim_test"). */
export function loadSources(): Map<string, SourceFile> {
  const out = new Map<string, SourceFile>();
  for (const dir of fs.readdirSync(CASES_DIR).sort()) {
    for (const f of fs.readdirSync(path.join(CASES_DIR, dir)).sort()) {
      if (!f.endsWith('.json')) continue;
      out.set(`${dir}/${f.slice(0, -5)}`, JSON.parse(fs.readFileSync(path.join(CASES_DIR, dir, f), 'utf8')) as SourceFile);
    }
  }
  return out;
}

export function toValue(d: DataValue): Value {
  if (d === null || typeof d !== 'object') return d;
  if ('int' in d) return BigInt(d.int);
  if ('float' in d) return d.float;
  if ('list' in d) return d.list.map(toValue);
  return new Map(Object.entries(d.map).map(([k, v]) => [k, toValue(v)]));
}

/** Order-free text of a value, so that map key order does not matter. */
function canonical(v: Value): string {
  if (v instanceof Map) return '{' + [...v.keys()].sort().map((k) => JSON.stringify(k) + ':' + canonical(v.get(k) as Value)).join(',') + '}';
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
  return toDisplayJson(v);
}

/** pt.Get: a tag before a field; composite values read back as their JSON text. */
function asGoGet(v: Value | undefined): Value | undefined {
  return typeof v === 'object' && v !== null ? goJson(v) : v;
}

function pointValue(res: RunResult, key: string): Value | undefined {
  if (Object.hasOwn(res.tags, key)) return res.tags[key];
  if (Object.hasOwn(res.fields, key)) return res.fields[key];
  // The library consumes a `time` key into the point time after the run.
  if (key === 'time' && res.timeNs !== null) return res.timeNs;
  return undefined;
}

function show(v: Value | undefined): string {
  return v === undefined ? 'missing' : toDisplayJson(v);
}

/** What the case needs that this library cannot give, or undefined. */
export function unmet(c: Case): string | undefined {
  if (c.requires) return c.requires;
  if (c.logOption) return `Datakit's log input options ${Object.keys(c.logOption).join(', ')}`;
  return undefined;
}

/** Mismatches between our run and the case's expectation; empty when the case passes. */
export function runCase(file: SourceFile, c: Case, harness: Harness): string[] {
  const need = unmet(c);
  if (need) return [`cannot run here: needs ${need}`];
  if (c.expect.zones) return runZones(file, c);
  const now = BigInt(c.now ?? DEFAULT_NOW);
  // setopt(status_mapping) is observed the way it matters: whether a logging point's status "w" is normalised.
  const probeStatus = c.expect.statusMapping !== undefined;
  const category = probeStatus ? 'logging' : c.category ?? file.category ?? 'other';
  const source = harness.script(file, c.script ?? '');
  const { script, diagnostics } = compileScript(source, {
    ...harness.options(file, c.scripts), windows: c.lines !== undefined,
    name: c.scriptName ?? 'default.p', timezone: c.zone ?? file.zone ?? 'UTC', category, now: () => now,
  });
  if (c.expect.compile === 'error') return script ? ['loads, but Go rejects the script when loading it'] : [];
  if (!script) return [`does not load: ${diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`).join('; ')}`];
  if (c.lines) return runLines(script, c.lines, c.expect.released ?? [], now);
  const fields: Record<string, Value> = {};
  for (const [k, v] of Object.entries(c.fields ?? {})) fields[k] = toValue(v);
  const tags = { ...(c.tags ?? {}) };
  if (c.pointName !== undefined) tags.source = c.pointName;
  if (probeStatus) fields.status = 'w';
  const res = script.run({ message: c.input ?? '', fields, tags, timeNs: now });
  if (c.expect.run === 'error') return res.error === undefined ? ['runs without error, but Go stops with a run-time error'] : [];
  if (res.error !== undefined) return [`run-time error: ${res.error}`];
  return compare(c, res);
}

function compare(c: Case, res: RunResult): string[] {
  const e = c.expect;
  const bad: string[] = [];
  for (const [k, d] of Object.entries(e.fields ?? {})) {
    const want = toValue(d);
    const got = asGoGet(pointValue(res, k));
    if (want === null ? got !== undefined && got !== null : got === undefined || canonical(got) !== canonical(want)) {
      bad.push(`${k}: got ${show(got)}, want ${show(want)}`);
    }
  }
  for (const [k, d] of Object.entries(e.raw ?? {})) {
    const got = pointValue(res, k);
    if (got === undefined || canonical(got) !== canonical(toValue(d))) bad.push(`${k} (raw): got ${show(got)}, want ${show(toValue(d))}`);
  }
  for (const k of e.present ?? []) if (pointValue(res, k) === undefined) bad.push(`${k}: missing, want present`);
  for (const k of e.absent ?? []) if (pointValue(res, k) !== undefined) bad.push(`${k}: ${show(pointValue(res, k))}, want absent`);
  if (e.exactFields) {
    const want = new Set(Object.keys(e.fields ?? {}));
    // The library always gives the point a `message`; it counts only when the case wrote it or expects it.
    const extra = Object.keys(res.fields).filter((k) => !want.has(k) && !(k === 'message' && res.fields[k] === (c.input ?? '')));
    if (extra.length) bad.push(`unexpected fields ${extra.join(', ')}`);
  }
  if (e.fieldCount !== undefined && Object.keys(res.fields).length !== e.fieldCount) bad.push(`${Object.keys(res.fields).length} fields, want ${e.fieldCount}`);
  const tags = { ...res.tags };
  if (c.pointName !== undefined) delete tags.source;
  for (const [k, v] of Object.entries(e.tags ?? {})) if (tags[k] !== v) bad.push(`tag ${k}: got ${show(tags[k])}, want ${JSON.stringify(v)}`);
  if (e.exactTags) {
    const extra = Object.keys(tags).filter((k) => !Object.hasOwn(e.tags ?? {}, k));
    if (extra.length) bad.push(`unexpected tags ${extra.join(', ')}`);
  }
  if (e.time !== undefined && res.timeNs?.toString() !== e.time) bad.push(`point time: got ${res.timeNs}, want ${e.time}`);
  if (e.dropped !== undefined && res.dropped !== e.dropped) bad.push(`dropped: got ${res.dropped}, want ${e.dropped}`);
  if (e.pointName !== undefined && (res.tags.source ?? c.pointName) !== e.pointName) bad.push(`point name: got ${show(res.tags.source)}, want ${JSON.stringify(e.pointName)}`);
  if (e.statusMapping !== undefined) {
    const status = res.fields.status;
    if ((status === 'warning') !== e.statusMapping) bad.push(`status mapping: status "w" became ${show(status)}, want mapping ${e.statusMapping ? 'on' : 'off'}`);
  }
  return bad;
}

/**
 * Runs the lines one after another and collects what point windows release, as a log processor
 * holds them: after each run that registered a window, settle() with the record and whether the
 * run dropped it (Go's CallbackPtWinMove after each point).
 */
function runLines(script: NonNullable<ReturnType<typeof compileScript>['script']>, lines: Array<string | Line>, want: string[], now: bigint): string[] {
  const windows = new PointWindows<string>();
  const released: string[] = [];
  for (const [i, l] of lines.entries()) {
    const line = typeof l === 'string' ? { message: l } : l;
    const res = script.run({ message: line.message, tags: line.tags, timeNs: now });
    if (res.error !== undefined) return [`line ${i + 1}: run-time error: ${res.error}`];
    if (res.window) released.push(...windows.settle(res.window, line.message, res.dropped));
  }
  return JSON.stringify(released) === JSON.stringify(want) ? [] : [`released ${JSON.stringify(released)}, want ${JSON.stringify(want)}`];
}

/** default_time on the case's input, once per zone argument Datakit was asked about. */
function runZones(file: SourceFile, c: Case): string[] {
  const now = BigInt(DEFAULT_NOW);
  const bad: string[] = [];
  for (const [zone, want] of Object.entries(c.expect.zones ?? {})) {
    const call = zone === 'local' ? 'default_time(t)' : `default_time(t, ${JSON.stringify(zone)})`;
    const { script, diagnostics } = compileScript(call, { name: 'default.p', timezone: file.zone ?? 'UTC', category: 'other', now: () => now });
    if (!script) {
      bad.push(`${call}: does not load: ${diagnostics[0]?.message}`);
      continue;
    }
    const res = script.run({ message: '', fields: { t: c.input ?? '' }, timeNs: now });
    const got = res.fields.t;
    const failed = res.fields.pl_msg !== undefined;
    if (want === null) {
      if (!failed || got !== now) bad.push(`${call}: got ${show(got)}, want a failure (the point time and pl_msg)`);
    } else if (failed || got !== BigInt(want)) {
      bad.push(`${call}: got ${show(got)}${failed ? ` (${String(res.fields.pl_msg)})` : ''}, want ${want}`);
    }
  }
  return bad;
}
