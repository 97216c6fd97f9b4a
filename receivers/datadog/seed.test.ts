import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResourceCache } from '../../src/data/resource';
import { decodeTraces } from './decode';
import { spanView, encodeV05, parseExact, toMsgpack, type SpanView } from './testing';
import { translatePayload } from './translate';

const seedText = readFileSync(join(__dirname, 'testdata', 'ddtrace-trace.json'), 'utf8');
const seed = parseExact(seedText) as Record<string, any>[][];
const origin = { language: 'python', tracerVersion: '0.50.0' };

function viaFormat(version: 'v0.3' | 'v0.4' | 'v0.5', body: Buffer, format: 'json' | 'msgpack'): SpanView[] {
  const payload = decodeTraces(version, format, body);
  return translatePayload(payload, origin, new ResourceCache()).spans.map(spanView);
}

describe('datadog receiver: the seed Flask trace', () => {
  const v04 = viaFormat('v0.4', toMsgpack(seed), 'msgpack');
  const v05 = viaFormat('v0.5', encodeV05(seed), 'msgpack');
  const v03 = viaFormat('v0.3', Buffer.from(seedText), 'json');

  it('gives identical OTel spans from v0.4 msgpack, v0.5 and v0.3 JSON', () => {
    assert.equal(v04.length, 8);
    assert.deepEqual(v05, v04);
    assert.deepEqual(v03, v04);
  });

  it('keeps the exact ids, parentage and resource', () => {
    const byName = new Map(v04.map((s) => [s.name, s]));
    for (const s of v04) assert.equal(s.traceId, '0000000000000000df8c4126fda6fb67');
    const root = byName.get('flask.request')!;
    assert.equal(root.spanId, 'fd8b2314f81bc419');
    assert.equal(root.parentSpanId, undefined);
    assert.equal(root.kind, 'SERVER');
    const index = byName.get('__main__.index')!;
    assert.equal(index.spanId, 'b22920973d13d1b7');
    assert.equal(index.parentSpanId, byName.get('flask.dispatch_request')!.spanId);
    assert.equal(byName.get('flask.dispatch_request')!.parentSpanId, 'fd8b2314f81bc419');
    for (const s of v04) {
      assert.equal(s.resource['service.name'], 'Python-App');
      assert.equal(s.resource['deployment.environment.name'], 'Testing');
      assert.equal(s.resource['service.version'], 'V1.1');
    }
    assert.equal(root.attributes['datadog.trace.id'], '16108321602917563239');
    assert.equal(root.attributes['datadog.span.id'], '18269734886327436313');
    assert.equal(root.attributes['http.response.status_code'], 200);
    assert.equal(root.attributes['http.request.method'], 'GET');
    assert.equal(root.attributes['dd.span.Resource'], 'GET /a');
    assert.equal(root.startNs, '1623982028783232000');
    assert.equal(root.endNs, '1623982028788599000');
    assert.equal(root.status.code, 'UNSET');
  });

  it('agrees with what Datakit made of the same trace: same spans, ids and parents', () => {
    const lines = readFileSync(join(__dirname, 'testdata', 'datakit-ddtrace.lineproto'), 'utf8').trim().split('\n');
    assert.equal(lines.length, v04.length);
    for (const line of lines) {
      const field = (k: string) => new RegExp(`[ ,]${k}="([^"]*)"`).exec(line)?.[1];
      const span = v04.find((x) => x.attributes['datadog.span.id'] === field('span_id'));
      assert.ok(span, `span ${field('span_id')}`);
      assert.equal(span.traceId, '0000000000000000' + BigInt(field('trace_id')!).toString(16).padStart(16, '0'));
      const parent = field('parent_id')!;
      assert.equal(span.parentSpanId, parent === '0' ? undefined : BigInt(parent).toString(16).padStart(16, '0'));
      assert.equal(span.attributes['dd.span.Resource'], field('resource'));
    }
  });

  it('shares one Resource object across the trace', () => {
    const payload = decodeTraces('v0.4', 'msgpack', toMsgpack(seed));
    const spans = translatePayload(payload, origin, new ResourceCache()).spans;
    assert.equal(new Set(spans.map((s) => s.resource)).size, 1);
  });
});
