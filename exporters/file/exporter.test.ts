import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StorageExtension } from '../../src/component/component';
import { NO_HOST, testSettings } from '../../src/component/testing';
import type { ConfigIssue } from '../../src/config/issue';
import { makeLogRecord, makeSpan } from '../../src/data/builders';
import { ResourceCache } from '../../src/data/resource';
import { factory as fileStorage } from '../../extensions/file_storage/factory';
import { Metrics } from '../../src/telemetry/metrics';
import { factory } from './factory';

function decode(raw: unknown) {
  const issues: ConfigIssue[] = [];
  const cfg = factory.config.decode(raw, 'file', issues);
  assert.deepEqual(issues, []);
  return cfg!;
}

describe('file exporter', () => {
  it('appends one OTLP/JSON request per batch, with hex ids and exact nanosecond strings, never truncating', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ddob-file-'));
    const file = path.join(dir, 'sub', 'out.jsonl');
    const ex = factory.create(testSettings('file', 'exporter'), decode({ path: file }), ['traces', 'logs']);
    await ex.start(NO_HOST);
    const resource = new ResourceCache().get({ 'service.name': 'Python-App' });
    await ex.traces!.consume([
      makeSpan({ traceId: '0000000000000000df8c4126fda6fb67', spanId: 'b22920973d13d1b7', name: 'index', startNs: 1623982028786000123n, endNs: 1623982028787000000n, resource }),
    ]);
    await ex.logs!.consume([makeLogRecord({ timeNs: 1623982028786000000n, observedNs: 1n, body: 'Hello, World!', resource, traceId: '0000000000000000df8c4126fda6fb67', spanId: 'b22920973d13d1b7' })]);
    await ex.shutdown();

    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 2);
    const span = JSON.parse(lines[0]).resourceSpans[0].scopeSpans[0].spans[0];
    assert.equal(span.traceId, '0000000000000000df8c4126fda6fb67');
    assert.equal(span.startTimeUnixNano, '1623982028786000123');
    const rec = JSON.parse(lines[1]).resourceLogs[0].scopeLogs[0].logRecords[0];
    assert.equal(rec.body.stringValue, 'Hello, World!');
    assert.equal(rec.spanId, 'b22920973d13d1b7');

    // A restart appends to what is there.
    const ex2 = factory.create(testSettings('file', 'exporter'), decode({ path: file }), ['logs']);
    await ex2.start(NO_HOST);
    await ex2.logs!.consume([makeLogRecord({ timeNs: 1n, observedNs: 1n, body: 'again', resource })]);
    await ex2.shutdown();
    assert.equal(readFileSync(file, 'utf8').trimEnd().split('\n').length, 3);
  });

  it('fails to start with a clear error when the path is not writable', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ddob-file-'));
    const blocker = path.join(dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const ex = factory.create(testSettings('file', 'exporter'), decode({ path: path.join(blocker, 'out.jsonl') }), ['logs']);
    await assert.rejects(ex.start(NO_HOST), /not-a-dir/);
    await ex.shutdown();
  });

  it('refuses retryably when the disk is full, and counts it in the shared exporter metrics', async () => {
    const metrics = new Metrics();
    const ex = factory.create(testSettings('file', 'exporter', metrics), decode({ path: '/dev/full' }), ['logs']);
    await ex.start(NO_HOST);
    const resource = new ResourceCache().get({});
    const err = await ex.logs!.consume([makeLogRecord({ timeNs: 1n, observedNs: 1n, body: 'x', resource })]).then(() => undefined, (e: Error) => e);
    await ex.shutdown();
    assert.ok(err instanceof Error && err.name !== 'PermanentError' && /ENOSPC/.test(err.message), String(err));
    assert.equal(await metrics.value('otelcol_exporter_send_failed_log_records_total', { exporter: 'file', permanent: 'false' }), 1);
    assert.equal(await metrics.value('otelcol_exporter_sent_log_records_total'), 0);
  });

  it('opts into the sending queue: the caller is answered once queued, and shutdown drains the queue to the file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ddob-file-'));
    const file = path.join(dir, 'q.jsonl');
    const metrics = new Metrics();
    assert.equal(decode({ path: file }).sending_queue.enabled, false, 'off by default');
    const ex = factory.create(testSettings('file', 'exporter', metrics), decode({ path: file, sending_queue: { enabled: true, num_consumers: 1 } }), ['logs']);
    await ex.start(NO_HOST);
    assert.equal(await metrics.value('otelcol_exporter_queue_capacity', { data_type: 'logs' }), 1000);
    const resource = new ResourceCache().get({});
    for (let i = 0; i < 5; i++) await ex.logs!.consume([makeLogRecord({ timeNs: 1n, observedNs: 1n, body: `line ${i}`, resource })]);
    await ex.shutdown();
    const bodies = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l).resourceLogs[0].scopeLogs[0].logRecords[0].body.stringValue);
    assert.deepEqual(bodies, ['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
    assert.equal(await metrics.value('otelcol_exporter_sent_log_records_total'), 5);
  });

  it('with sending_queue::storage, passes each request through the store and deletes it once written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ddob-file-'));
    const openStorage = async () => {
      const st = fileStorage.create(testSettings('file_storage', 'extension'), fileStorage.config.decode({ directory: path.join(dir, 'st') }, 'file_storage', [])!);
      await st.start(NO_HOST);
      return st;
    };
    let storage = await openStorage();
    const host = { getExtension: (id: string) => (id === 'file_storage' ? storage : undefined) };
    const file = path.join(dir, 'out.jsonl');
    const cfg = decode({ path: file, sending_queue: { enabled: true, storage: 'file_storage' } });
    assert.deepEqual(factory.extensionRefs!(cfg), [{ path: 'sending_queue::storage', id: 'file_storage' }]);
    const ex = factory.create(testSettings('file', 'exporter'), cfg, ['logs']);
    await ex.start(host);
    const resource = new ResourceCache().get({});
    await ex.logs!.consume([makeLogRecord({ timeNs: 1n, observedNs: 1n, body: 'stored', resource })]);
    await ex.shutdown();
    await storage.shutdown();
    assert.match(readFileSync(file, 'utf8'), /"stringValue":"stored"/);
    storage = await openStorage();
    const client = await (storage as unknown as StorageExtension).client('exporter', 'file', 'logs');
    assert.deepEqual(await client.keys('q/'), [], 'the written request left the store');
    await storage.shutdown();
  });

  it('reports a storage queue that is not enabled', () => {
    assert.deepEqual(factory.validate!(decode({ path: 'x', sending_queue: { storage: 'file_storage' } })), [{ path: 'sending_queue::storage', message: 'needs sending_queue::enabled: true' }]);
  });
});
