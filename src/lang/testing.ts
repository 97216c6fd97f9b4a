// Helpers shared by the language tests: fixture loading, running a script, expectation checks.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type RunResult, type Value, compileScript, formatDiagnostics } from './index';
import { toDisplayJson } from './value';

export const FIXTURES = path.resolve(__dirname, '../../test/fixtures/lang');

export interface CaseExpect {
  exact?: boolean;
  fields?: Record<string, unknown>;
  tags?: Record<string, string>;
  absent?: string[];
  time?: string;
  dropped?: boolean;
}

export interface AcceptanceCase {
  name: string;
  script: string;
  input: string;
  tz: string | null;
  expected: CaseExpect;
}

export function loadCases(): AcceptanceCase[] {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, 'pipeline-cases.json'), 'utf8'));
}

/** Fixture values use {"int": "…"} / {"float": n}; bare JSON numbers never occur for fields. */
export function fixtureValue(v: unknown): Value {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if ('int' in o) return BigInt(o.int as string);
    if ('float' in o) return Number(o.float);
  }
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  return v as Value;
}

export function checkResult(res: RunResult, exp: CaseExpect, label: string): void {
  assert.equal(res.error, undefined, `${label}: runtime error ${res.error}`);
  for (const [k, raw] of Object.entries(exp.fields ?? {})) {
    const want = fixtureValue(raw);
    assert.ok(k in res.fields, `${label}: field ${k} missing; got ${toDisplayJson(new Map(Object.entries(res.fields)))}`);
    assert.equal(toDisplayJson(res.fields[k]), toDisplayJson(want), `${label}: field ${k}`);
  }
  for (const [k, v] of Object.entries(exp.tags ?? {})) assert.equal(res.tags[k], v, `${label}: tag ${k}`);
  for (const k of exp.absent ?? []) assert.ok(!(k in res.fields), `${label}: field ${k} should be absent`);
  if (exp.exact) {
    const extra = Object.keys(res.fields).filter((k) => !(k in (exp.fields ?? {})) && k !== 'status');
    assert.deepEqual(extra, [], `${label}: unexpected fields`);
  }
  if (exp.time !== undefined) assert.equal(res.timeNs?.toString(), exp.time, `${label}: time`);
  if (exp.dropped !== undefined) assert.equal(res.dropped, exp.dropped, `${label}: dropped`);
}

/** Compiles `src` (it must compile) and runs it on one line in UTC unless told otherwise. */
export function run(src: string, message = '', opts: { tags?: Record<string, string>; fields?: Record<string, Value>; timeNs?: bigint; tz?: string } = {}): RunResult {
  const { script, diagnostics } = compileScript(src, { name: 't.p', timezone: opts.tz ?? 'UTC' });
  assert.ok(script, formatDiagnostics(diagnostics, src));
  return script.run({ message, tags: opts.tags, fields: opts.fields, timeNs: opts.timeNs });
}
