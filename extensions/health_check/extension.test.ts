import assert from 'node:assert/strict';
import type { CollectorStatus } from '../../src/component/component';
import { silentLogger } from '../../src/telemetry/logger';
import { HealthCheck } from './extension';

describe('health_check extension', () => {
  it('answers 503 while starting or stopping and 200 while running, on the configured path only', async () => {
    let status: CollectorStatus = 'starting';
    const hc = new HealthCheck({ endpoint: '127.0.0.1:0', path: '/health' }, silentLogger());
    await hc.start({ getExtension: () => undefined, status: () => status });
    const url = `http://${hc.address}/health`;
    let res = await fetch(url);
    assert.equal(res.status, 503);
    assert.equal(((await res.json()) as { status: string }).status, 'Server not available');
    status = 'running';
    res = await fetch(url);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { status: string }).status, 'Server available');
    status = 'stopping';
    assert.equal((await fetch(url)).status, 503);
    assert.equal((await fetch(`http://${hc.address}/other`)).status, 404);
    await hc.shutdown();
  });

  it('fails to start with a clear message when the port is taken', async () => {
    const a = new HealthCheck({ endpoint: '127.0.0.1:0', path: '/' }, silentLogger());
    await a.start({ getExtension: () => undefined });
    const b = new HealthCheck({ endpoint: a.address!, path: '/' }, silentLogger());
    await assert.rejects(b.start({ getExtension: () => undefined }), /cannot listen on 127\.0\.0\.1:\d+: the address is already in use/);
    await a.shutdown();
  });
});
