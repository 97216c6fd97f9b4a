/** OTLP/HTTP over a Unix socket (`protocols::http::transport: unix`): served, moded and removed like the datadog receiver's. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NO_HOST, testSettings } from '../../src/component/testing';
import type { ConfigIssue } from '../../src/config/issue';
import type { LogRecord, Span } from '../../src/consumer/consumer';
import { SinkConsumer } from '../../src/consumer/testing';
import { encodeSpans } from '../../src/otlp/encode';
import { sampleSpans } from '../../src/otlp/testdata';
import { factory } from './factory';
import type { OtlpReceiver } from './receiver';

function postOverSocket(socketPath: string, urlPath: string, body: Uint8Array): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path: urlPath, method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('otlp receiver over a Unix socket', () => {
  it('accepts OTLP/HTTP on the socket file with the configured mode and removes the file on shutdown', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ddob-otlp-uds-'));
    const socket = path.join(dir, 'otlp.sock');
    try {
      const issues: ConfigIssue[] = [];
      const cfg = factory.config.decode({ protocols: { http: { transport: 'unix', endpoint: socket, socket_mode: '0660' } } }, 'otlp', issues)!;
      assert.deepEqual(issues, []);
      const traces = new SinkConsumer<Span>();
      const rcv = factory.create(testSettings('otlp', 'receiver'), cfg, { traces, logs: new SinkConsumer<LogRecord>() }) as OtlpReceiver;
      await rcv.start(NO_HOST);
      assert.equal(rcv.address, socket);
      assert.equal(statSync(socket).mode & 0o777, 0o660);
      const sent = sampleSpans();
      assert.equal(await postOverSocket(socket, '/v1/traces', encodeSpans(sent, 'proto')), 200);
      assert.deepEqual(traces.items.map((s) => s.spanContext().spanId), sent.map((s) => s.spanContext().spanId));
      await rcv.shutdown();
      assert.equal(existsSync(socket), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
