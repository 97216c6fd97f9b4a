import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testSettings } from '../../src/component/testing';
import type { ConfigIssue } from '../../src/config/issue';
import type { LogRecord } from '../../src/consumer/consumer';
import { SinkConsumer } from '../../src/consumer/testing';
import { makeLogRecord } from '../../src/data/builders';
import { ResourceCache } from '../../src/data/resource';
import { hrTimeToNs } from '../../src/data/time';
import { Metrics } from '../../src/telemetry/metrics';
import type { Config } from './config';
import { factory } from './factory';

const resources = new ResourceCache();
const line = (body: string, attributes: Record<string, string> = {}) =>
  makeLogRecord({ timeNs: 1n, observedNs: 2n, body, resource: resources.get({}), attributes });

function decode(raw: unknown): { cfg?: unknown; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const cfg = factory.config.decode(raw, '', issues);
  if (cfg !== undefined && issues.length === 0) issues.push(...factory.validate!(cfg));
  return { cfg, issues };
}

async function run(raw: unknown, records: LogRecord[], metrics = new Metrics()) {
  const { cfg, issues } = decode(raw);
  assert.deepEqual(issues, []);
  const sink = new SinkConsumer<LogRecord>();
  const p = factory.create(testSettings('log_pipeline', 'processor', metrics), cfg as Config, sink, 'logs');
  await p.start({ getExtension: () => undefined });
  await p.consume(records);
  await p.shutdown();
  return sink.items;
}

const SEED = '2021-06-18 10:07:08,786 INFO [__main__] [lt.py:26] [dd.service.name=Python-App dd.env=Testing dd.version=V1.1 dd.trace_id=16108321602917563239 dd.span_id=12837828046733169079] - Hello, World!';

describe('log_pipeline processor', () => {
  it('parses the seed line with the ready-made python script into a joined record', async () => {
    const [r] = await run({ script: 'builtin:python-ddtrace', timezone: 'Asia/Shanghai' }, [line(SEED)]);
    assert.equal(r.body, 'Hello, World!');
    assert.equal(r.severityText, 'INFO');
    assert.equal(hrTimeToNs(r.hrTime), 1623982028786000000n);
    assert.equal(r.spanContext?.traceId, '0000000000000000df8c4126fda6fb67');
    assert.equal(r.spanContext?.spanId, 'b22920973d13d1b7');
    assert.equal(r.resource.attributes['service.name'], 'Python-App');
    assert.equal(r.attributes['logger.name'], '__main__');
    assert.equal(r.attributes['code.location'], 'lt.py:26');
  });

  it('runs the scripts validate compiled, once; a second instance of the same config compiles its own', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ddob-lp-'));
    const file = path.join(dir, 'a.p');
    writeFileSync(file, 'add_key(v, "validated")');
    const { cfg, issues } = decode({ script_file: file });
    assert.deepEqual(issues, []);
    // Changed after validation: the running processor keeps what was checked.
    writeFileSync(file, 'add_key(v, "changed")');
    const results: unknown[] = [];
    for (let i = 0; i < 2; i++) {
      const sink = new SinkConsumer<LogRecord>();
      const p = factory.create(testSettings('log_pipeline', 'processor'), cfg as Config, sink, 'logs');
      await p.start({ getExtension: () => undefined });
      await p.consume([line('x')]);
      await p.shutdown();
      results.push(sink.items[0].attributes.v);
    }
    assert.deepEqual(results, ['validated', 'changed']);
  });

  it("joins a line whose script kept no ids by the ids the tracer injected (the seed's own script on 32-hex ids)", async () => {
    // The seed's grok reads dd.trace_id with %{NUMBER}: on 32 hex digits the whole match fails.
    const script_file = path.join(__dirname, '../../test/fixtures/seed/python-ddtrace.p');
    const hex = '2024-01-02 03:04:05,006 INFO [app] [a.py:1] [dd.service=web dd.env=prod dd.version=2 dd.trace_id=6740b4f400000000df8c4126fda6fb67 dd.span_id=12837828046733169079] - hi';
    const plain = '2024-01-02 03:04:05,007 INFO no ids here';
    const [a, b] = await run({ script_file, timezone: 'UTC' }, [line(hex), line(plain)]);
    assert.equal(a.spanContext?.traceId, '6740b4f400000000df8c4126fda6fb67');
    assert.equal(a.spanContext?.spanId, 'b22920973d13d1b7');
    assert.equal(a.attributes['datadog.trace.id'], BigInt('0xdf8c4126fda6fb67').toString());
    assert.equal(b.spanContext, undefined);
  });

  it('keeps the ids a script wrote over those in the line', async () => {
    const script = 'grok(_, "%{NOTSPACE} dd.trace_id=%{NOTSPACE} dd.span_id=%{NOTSPACE} mine=%{NUMBER:trace_id}/%{NUMBER:span_id}")';
    const [r] = await run({ script }, [line('x dd.trace_id=1 dd.span_id=2 mine=5/6')]);
    assert.equal(r.spanContext?.traceId, '00000000000000000000000000000005');
    assert.equal(r.spanContext?.spanId, '0000000000000006');
  });

  it('reads the current dd.service= spelling, 128-bit hex ids, and lines logged outside a span', async () => {
    const now = '2024-01-02 03:04:05,006 WARNING [app] [a.py:1] [dd.service=web dd.env=prod dd.version=2 dd.trace_id=6740b4f400000000df8c4126fda6fb67 dd.span_id=12837828046733169079] - careful';
    const outside = '2024-01-02 03:04:05,007 ERROR [app] [a.py:2] [dd.service=web dd.env= dd.version= dd.trace_id=0 dd.span_id=0] - boom';
    const [a, b] = await run({ script: 'builtin:python-ddtrace', timezone: 'UTC' }, [line(now), line(outside)]);
    assert.equal(a.spanContext?.traceId, '6740b4f400000000df8c4126fda6fb67');
    assert.equal(a.severityNumber, 13);
    assert.equal(a.resource.attributes['service.name'], 'web');
    assert.equal(b.spanContext, undefined);
    assert.equal(b.severityText, 'ERROR');
    assert.equal(b.body, 'boom');
    assert.equal(b.resource.attributes['deployment.environment.name'], undefined);
  });

  it('drops records on drop() and counts them; forwards a record as far as the script got on a runtime error', async () => {
    const metrics = new Metrics();
    const out = await run({ script: 'if _ == "skip" { drop() }\nadd_key(seen, true)\nx = 1 / (len(_) - 4)\nadd_key(after, true)' }, [line('skip'), line('keep')], metrics);
    assert.equal(out.length, 1);
    assert.equal(out[0].body, 'keep');
    assert.equal(out[0].attributes.seen, true);
    assert.equal(out[0].attributes.after, undefined);
    assert.equal(await metrics.value('otelcol_processor_log_pipeline_dropped_log_records_total'), 1);
    assert.equal(await metrics.value('otelcol_processor_log_pipeline_script_errors_total'), 1);
  });

  it('exports a field named __proto__ as an attribute, like any other', async () => {
    const [r] = await run({ script: 'json(_, `__proto__`, `__proto__`)' }, [line('{"__proto__": "x", "a": 1}')]);
    assert.equal(Object.getOwnPropertyDescriptor(r.attributes, '__proto__')?.value, 'x');
  });

  it('chooses a script per record by attribute, falling back to the default script', async () => {
    const out = await run(
      {
        rules: [{ attribute: 'log.file.name', pattern: '\\.json$', script: 'add_key(kind, "json")' }],
        script: 'add_key(kind, "text")',
      },
      [line('a', { 'log.file.name': 'x.json' }), line('b', { 'log.file.name': 'x.log' }), line('c')],
    );
    assert.deepEqual(out.map((r) => r.attributes.kind), ['json', 'text', 'text']);
  });

  it('reads script_file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ddob-lp-'));
    const file = path.join(dir, 'mine.p');
    writeFileSync(file, 'add_key(from_file, "yes")\n');
    const [r] = await run({ script_file: file }, [line('x')]);
    assert.equal(r.attributes.from_file, 'yes');
  });

  it('rejects bad scripts and settings at config time, naming file:line:col with the source line and a hint', () => {
    const bad = decode({ script: 'grok(_, "%{WORD:w}")\ndrop_keys(w)' });
    assert.equal(bad.issues.length, 1);
    assert.match(bad.issues[0].message, /^inline\.p:2:1: error: unknown function "drop_keys"/);
    assert.match(bad.issues[0].message, /drop_keys\(w\)\n\^/);
    assert.match(bad.issues[0].message, /did you mean "drop_key"\?/);

    assert.deepEqual(decode({ script: 'builtin:nope' }).issues.map((i) => i.message), [
      'script: unknown ready-made script "nope" (available: builtin:go-ddtrace, builtin:java-logback, builtin:node-json, builtin:python-ddtrace, builtin:python-json)',
    ]);
    assert.deepEqual(decode({}).issues.map((i) => i.message), ['needs a script: set script (text or builtin:NAME, for example builtin:python-ddtrace) or script_file']);
    assert.deepEqual(decode({ script: 'x = 1', script_file: 'a.p' }).issues.map((i) => i.message), ['set either script or script_file, not both']);
    assert.deepEqual(decode({ script: 'x = 1', timezone: 'Mars/Olympus' }).issues.map((i) => i.message), ['unknown time zone "Mars/Olympus" (use an IANA name such as "Asia/Shanghai" or "UTC")']);
    assert.match(decode({ script_file: '/nonexistent/x.p' }).issues[0].message, /script_file: cannot read "\/nonexistent\/x\.p": ENOENT/);
  });
});
