import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError, type ConfigIssue } from './issue';

/**
 * Merges configs the Collector's way: maps merge recursively, later wins;
 * scalars and lists are replaced.
 */
export function mergeConfigs(base: unknown, over: unknown): unknown {
  if (isMap(base) && isMap(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in out ? mergeConfigs(out[k], v) : v;
    return out;
  }
  return over;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

export function parseYaml(text: string, name: string): { value?: unknown; issues: ConfigIssue[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  if (doc.errors.length > 0) {
    return {
      issues: doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        const where = pos ? `${name}:${pos.line}:${pos.col}` : name;
        return { path: '', message: `${where}: YAML error: ${e.message.split('\n')[0]}` };
      }),
    };
  }
  const value = doc.toJS({ maxAliasCount: 100 });
  if (value !== null && value !== undefined && !isMap(value)) {
    return { issues: [{ path: '', message: `${name}: the top level must be a map of sections (receivers, exporters, service, ...)` }] };
  }
  return { value: value ?? {}, issues: [] };
}

/** Reads and merges `--config` files in order; throws ConfigError with every read/parse problem. */
export function loadConfigFiles(paths: string[]): unknown {
  const issues: ConfigIssue[] = [];
  let merged: unknown = {};
  for (const p of paths) {
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      issues.push({ path: '', message: `cannot read config file "${p}": ${code === 'ENOENT' ? 'no such file' : (err as Error).message}` });
      continue;
    }
    const r = parseYaml(text, p);
    issues.push(...r.issues);
    if (r.value !== undefined) merged = mergeConfigs(merged, r.value);
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return merged;
}
