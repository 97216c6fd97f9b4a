import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResourceCache } from '../../src/data/resource';
import { decodeTraces, type TraceVersion } from './decode';
import { parseExact, spanView, stringifyExact, toMsgpack, type SpanView } from './testing';
import { translatePayload } from './translate';

/**
 * Golden translation tests, one file per case of the reference §3 table. Each file holds the
 * request (endpoint, encoding, headers, body with exact integer ids), `checks` that state the
 * case's expectation by hand, and `expected`: the full translated spans. `UPDATE_GOLDEN=1`
 * rewrites `expected`; the hand-written checks keep a careless rewrite honest.
 */

const dir = join(__dirname, 'testdata', 'golden');

interface GoldenFile {
  case: string;
  title: string;
  request: { endpoint: string; encoding: 'msgpack' | 'json'; headers: Record<string, string>; body: unknown };
  checks: [number, (string | number)[], unknown][];
  expected?: SpanView[];
}

/** `{"$map": [[k, v], ...]}` in a golden body is a msgpack map with non-string keys (v0.5). */
function withMaps(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withMaps);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.$map)) return new Map((o.$map as [unknown, unknown][]).map(([k, x]) => [withMaps(k), withMaps(x)]));
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, withMaps(x)]));
  }
  return v;
}

export function runGolden(g: GoldenFile): SpanView[] {
  const { endpoint, encoding, headers, body } = g.request;
  const bytes = encoding === 'json' ? Buffer.from(stringifyExact(body)) : toMsgpack(withMaps(body));
  const payload = decodeTraces(endpoint.split('/')[1] as TraceVersion, encoding, bytes);
  const h = (k: string) => headers[k] ?? '';
  const t = translatePayload(
    payload,
    { language: h('Datadog-Meta-Lang'), tracerVersion: h('Datadog-Meta-Tracer-Version'), containerId: h('Datadog-Container-ID') },
    new ResourceCache(),
  );
  assert.deepEqual(t.warnings, []);
  // Through JSON so that the comparison sees what the file can hold.
  return JSON.parse(JSON.stringify(t.spans.map(spanView)));
}

function at(v: unknown, path: (string | number)[]): unknown {
  let cur = v;
  for (const p of path) {
    if (cur === undefined || cur === null) return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

describe('datadog receiver: golden translation cases (reference §3)', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    const g = parseExact(text) as GoldenFile;
    it(`case ${g.case} (${file}): ${g.title}`, () => {
      const got = runGolden(g);
      for (const [i, path, want] of g.checks) {
        const value = at(got[i], path);
        assert.deepEqual(value ?? null, want, `span ${i} ${path.join('.')}`);
      }
      if (process.env.UPDATE_GOLDEN || g.expected === undefined) {
        const out = JSON.parse(text);
        out.expected = got;
        // Keep the body's exact integers: splice the regenerated part into the original text.
        const head = text.replace(/,\s*"expected"[\s\S]*$/, '').replace(/\s*}\s*$/, '');
        writeFileSync(join(dir, file), `${head},\n  "expected": ${JSON.stringify(got, null, 2).replace(/\n/g, '\n  ')}\n}\n`);
        if (g.expected === undefined) return;
      }
      assert.deepEqual(got, g.expected);
    });
  }
});
