import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NO_HOST, testSettings } from '../../src/component/settings';
import { makeLogRecord, makeSpan } from '../../src/data/builders';
import { ResourceCache } from '../../src/data/resource';
import { factory } from './factory';

describe('file exporter', () => {
  it('appends one OTLP/JSON request per batch, with hex ids and exact nanosecond strings, never truncating', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ddob-file-'));
    const file = path.join(dir, 'sub', 'out.jsonl');
    const ex = factory.create(testSettings('file', 'exporter'), { path: file }, ['traces', 'logs']);
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
    const ex2 = factory.create(testSettings('file', 'exporter'), { path: file }, ['logs']);
    await ex2.start(NO_HOST);
    await ex2.logs!.consume([makeLogRecord({ timeNs: 1n, observedNs: 1n, body: 'again', resource })]);
    await ex2.shutdown();
    assert.equal(readFileSync(file, 'utf8').trimEnd().split('\n').length, 3);
  });

  it('fails to start with a clear error when the path is not writable', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ddob-file-'));
    const blocker = path.join(dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const ex = factory.create(testSettings('file', 'exporter'), { path: path.join(blocker, 'out.jsonl') }, ['logs']);
    await assert.rejects(ex.start(NO_HOST), /not-a-dir/);
    await ex.shutdown();
  });
});
