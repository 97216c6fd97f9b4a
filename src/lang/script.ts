// A compiled script and how it runs one log line: source → parse → compile → closures, then per
// line a fresh point, the closures, and Datakit's post-run rules (status normalisation, the `time`
// key becoming the point's time).

import type { Services } from './builtins/env';
import { ScriptCache } from './builtins/env/cache';
import type { HttpRequester } from './builtins/env/http';
import type { IpDatabase, IspDatabase } from './builtins/env/ipdb';
import type { ReferTables } from './builtins/env/refer-tables';
import type { ScriptResolver } from './builtins/env/scripts';
import type { WindowRequest } from './builtins/env/windows';
import { compileProgram, Exec } from './compile';
import type { Diagnostic } from './diagnostics';
import { parse } from './parser';
import { Rt, RuntimeError } from './runtime';
import { Zone } from './time/zone';
import { Value, cloneValue } from './value';
import { setOwn } from '../util/own';
import { beginLine, DEFAULT_MATCH_BUDGET_MS, endLine } from './grok/guard';

export interface CompileOptions {
  /** Script name used in diagnostics and runtime errors, e.g. "nginx.p". */
  name: string;
  /** IANA zone used as Datakit's "local" zone; defaults to the process's zone. */
  timezone?: string;
  /** Point category: logging normalises the `status` field after a run (default "logging"). */
  category?: 'logging' | 'other';
  /** Clock for now-dependent functions, in ns since the epoch (tests pin it). */
  now?: () => bigint;
  /** Where use() finds other scripts; without it use() fails the check. */
  scripts?: ScriptResolver;
  /** The cache of cache_get/cache_set; default: one for this script alone. */
  cache?: ScriptCache;
  /** Set when the caller holds point windows and calls PointWindows.settle() with RunOutcome.window. */
  windows?: boolean;
  /** The City database of geoip(); without it geoip() fails the check. */
  ipdb?: IpDatabase;
  /** The ISP database of ip2isp(); without it ip2isp() fails the check. */
  ispdb?: IspDatabase;
  /** The tables of query_refer_table(); without them those functions fail the check. */
  referTables?: ReferTables;
  /** Outbound HTTP for http_request(); without it http_request() fails the check. */
  http?: HttpRequester;
  /**
   * Time all grok and regex matches of one line may take together (ms; default 5). A match that
   * would run past it fails, and the run counts it in `budgetExceeded`.
   */
  matchBudgetMs?: number;
}

export interface RunInput {
  message: string;
  fields?: Record<string, Value>;
  tags?: Record<string, string>;
  /** The point's timestamp; used when default_time fails (ingestion time). */
  timeNs?: bigint;
}

/** What a run says besides the point's keys. */
interface RunOutcome {
  /** Point time after the run: consumed from a `time` key, else the input's, else null. */
  timeNs: bigint | null;
  dropped: boolean;
  /** Runtime error ("file:line:col: message"); fields hold the changes made before it. */
  error?: string;
  /** Set when the script called point_window(): what the caller's PointWindows.settle() needs. */
  window?: WindowRequest;
  /** Matches that failed because the line's time budget ran out (absent when none did). */
  budgetExceeded?: number;
}

export interface RunResult extends RunOutcome {
  fields: Record<string, Value>;
  tags: Record<string, string>;
}

/** A RunResult whose point stays in the interpreter's Maps (insertion order = write order). */
export interface RunMapsResult extends RunOutcome {
  fields: ReadonlyMap<string, Value>;
  tags: ReadonlyMap<string, string>;
}

export interface CompiledScript {
  readonly name: string;
  run(input: RunInput): RunResult;
  /**
   * Same run, without turning the point into records: for callers that read each key once (the
   * log processor), where the two conversions per line were a measurable share of a run.
   */
  runMaps(input: RunInput): RunMapsResult;
}

/** Marks a RunResult.error that came from a defect of the interpreter, not from the script. */
export const INTERNAL_ERROR = 'internal error';

function wallClockNs(): bigint {
  return BigInt(Date.now()) * 1000000n;
}

/** Compiles a script; on any diagnostic (sorted by position) there is no script. */
export function compileScript(source: string, opts: CompileOptions): { script?: CompiledScript; diagnostics: Diagnostic[] } {
  const name = opts.name;
  const zoneName = opts.timezone ?? Zone.processZoneName();
  const zone = Zone.get(zoneName);
  if (!zone) {
    return { diagnostics: [{ file: name, line: 1, col: 1, severity: 'error', message: `unknown time zone "${zoneName}"` }] };
  }
  let parsed: ReturnType<typeof parse>;
  let compiled: ReturnType<typeof compileProgram>;
  try {
    parsed = parse(source, name);
    const services: Services = {
      scripts: opts.scripts, cache: opts.cache ?? new ScriptCache(), windows: opts.windows ?? false,
      ipdb: opts.ipdb, ispdb: opts.ispdb, referTables: opts.referTables, http: opts.http,
    };
    compiled = compileProgram(parsed.program, name, { services, stack: [name], used: new Map() });
  } catch (e) {
    // Recursive descent on absurdly nested input can exhaust the JS stack.
    if (e instanceof RangeError) return { diagnostics: [{ file: name, line: 1, col: 1, severity: 'error', message: 'script is too deeply nested' }] };
    throw e;
  }
  // Diagnostics of scripts reached through use() sort by the use() call in this script.
  const at = (d: Diagnostic) => d.usedFrom?.[d.usedFrom.length - 1] ?? d;
  const diagnostics = [...parsed.diagnostics, ...compiled.diagnostics].sort((a, b) => at(a).line - at(b).line || at(a).col - at(b).col);
  if (diagnostics.length || !compiled.exec) return { diagnostics };
  const script = new Script(name, compiled.exec, zone, opts.category ?? 'logging', opts.now ?? wallClockNs, opts.matchBudgetMs ?? DEFAULT_MATCH_BUDGET_MS);
  return { script, diagnostics: [] };
}

class Script implements CompiledScript {
  constructor(
    readonly name: string,
    private readonly exec: Exec,
    private readonly zone: Zone,
    private readonly category: 'logging' | 'other',
    private readonly clock: () => bigint,
    private readonly matchBudgetMs: number,
  ) {}

  run(input: RunInput): RunResult {
    const r = this.runMaps(input);
    const result: RunResult = { fields: toRecord(r.fields), tags: toRecord(r.tags), timeNs: r.timeNs, dropped: r.dropped };
    if (r.error !== undefined) result.error = r.error;
    if (r.window !== undefined) result.window = r.window;
    if (r.budgetExceeded !== undefined) result.budgetExceeded = r.budgetExceeded;
    return result;
  }

  runMaps(input: RunInput): RunMapsResult {
    const fields = new Map<string, Value>();
    if (input.fields) {
      for (const k of Object.keys(input.fields)) {
        const v = input.fields[k];
        // Lists and maps stay as they are: reads see them as JSON text, pt_kvs_get(raw=true) as they are (as in Go).
        fields.set(k, typeof v === 'object' && v !== null ? cloneValue(v) : v);
      }
    }
    fields.set('message', input.message);
    const tags = input.tags ? new Map<string, string>(Object.entries(input.tags)) : undefined;
    const rt = new Rt(fields, tags, this.zone, input.timeNs ?? null, tags?.get('source') ?? '', this.clock);
    let error: string | undefined;
    let overBudget = 0;
    beginLine(this.matchBudgetMs);
    try {
      this.exec(rt);
    } catch (e) {
      if (e instanceof RuntimeError) error = runtimeErrorText(e, this.name);
      else if (e instanceof RangeError) error = `${this.name}: ${e.message}`;
      // A bug of ours must not take the caller (the sidecar, the CLI) down with one log line;
      // it is reported as an error of this point, marked so that tests can tell it apart.
      else error = `${this.name}: ${INTERNAL_ERROR}: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      overBudget = endLine();
    }
    let timeNs = input.timeNs ?? null;
    if (error === undefined) {
      // As Datakit: setopt(status_mapping=false) skips the whole status rule, default included.
      if (this.category === 'logging' && rt.statusMapping) normaliseStatus(rt);
      timeNs = consumeTime(rt, timeNs);
    }
    const result: RunMapsResult = { fields: rt.fields, tags: rt.tagsRead, timeNs, dropped: rt.dropped };
    if (error !== undefined) result.error = error;
    if (rt.window) result.window = { ...rt.window, hit: rt.windowHit };
    if (overBudget > 0) result.budgetExceeded = overBudget;
    return result;
  }
}

/** "file:line:col: message", and for an error in a script reached through use() the calls that led there. */
function runtimeErrorText(e: RuntimeError, name: string): string {
  const file = e.file ?? name;
  const where = e.pos ? `${file}:${e.pos.line}:${e.pos.col}` : file;
  return `${where}: ${e.message}${e.chain.length ? ` (used from ${e.chain.join(', ')})` : ''}`;
}

// Object.fromEntries(map) goes through the generic iterator protocol and was
// the largest single cost of a run in profiles; forEach is several times faster.
function toRecord<V>(m: ReadonlyMap<string, V>): Record<string, V> {
  const o: Record<string, V> = {};
  m.forEach((v, k) => setOwn(o, k, v));
  return o;
}

// Datakit's post-run rules, applied only when the run ended without an error.

const STATUS_ALIASES: Record<string, string> = {
  f: 'emerg', emerg: 'emerg', a: 'alert', alert: 'alert', c: 'critical', critical: 'critical',
  e: 'error', error: 'error', w: 'warning', warn: 'warning', warning: 'warning',
  n: 'notice', notice: 'notice', i: 'info', info: 'info',
  d: 'debug', trace: 'debug', verbose: 'debug', debug: 'debug', o: 'OK', s: 'OK', ok: 'OK',
};

const DEFAULT_STATUS = 'info';

/** A logging point's `status` becomes one of Datakit's levels, lower case, `info` when absent or empty. */
function normaliseStatus(rt: Rt): void {
  const raw = rt.readPoint('status');
  let status = (typeof raw === 'string' ? raw : DEFAULT_STATUS).toLowerCase();
  // Own keys only: a status of "__proto__" or "constructor" is text, not a path into Object.prototype.
  if (Object.hasOwn(STATUS_ALIASES, status)) status = STATUS_ALIASES[status];
  if (status === '') status = DEFAULT_STATUS;
  rt.write('status', status);
}

/** The `time` key leaves the fields; a non-zero int in it becomes the point's time. */
function consumeTime(rt: Rt, current: bigint | null): bigint | null {
  const v = rt.readPoint('time');
  rt.remove('time');
  if (typeof v === 'bigint' && v !== 0n) return v;
  return current;
}
