/** Test helpers of log_pipeline: a point built from plain objects, in the Maps the interpreter leaves. */
import type { RunMapsResult, Value } from '../../src/lang';

export function pointOf(p: { fields: Record<string, Value>; tags?: Record<string, string>; timeNs?: bigint | null }): RunMapsResult {
  const fields = new Map<string, Value>();
  // Own keys only, so a field named __proto__ is a field like any other.
  for (const k of Object.keys(p.fields)) fields.set(k, p.fields[k]);
  return { fields, tags: new Map(Object.entries(p.tags ?? {})), timeNs: p.timeNs ?? null, dropped: false };
}
