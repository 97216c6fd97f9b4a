import assert from 'node:assert/strict';
import { NO_HOST, testSettings } from '../component/testing';
import { defaults } from '../config/schema';
import type { Span } from '../consumer/consumer';
import { SinkConsumer } from '../consumer/testing';
import { makeLogRecord } from '../data/builders';
import { ResourceCache } from '../data/resource';
import { factory as datadog } from '../../receivers/datadog/factory';
import { config as datadogConfig } from '../../receivers/datadog/config';
import type { DatadogReceiver } from '../../receivers/datadog/receiver';
import { toMsgpack } from '../../receivers/datadog/testing';
import { factory as otlp } from '../../receivers/otlp/factory';
import { factory as otlpHttp } from '../../exporters/otlp_http/factory';
import { factory as fileExporter } from '../../exporters/file/factory';
import { Metrics } from './metrics';

const ddTrace = [[{ service: 's', name: 'n', resource: 'r', trace_id: 1n, span_id: 2n, parent_id: 0n, start: 1n, duration: 1 }]];

describe('own metrics shared by several components', () => {
  it('counts Datadog spans when an otlp receiver registered the receiver counters first', async () => {
    const metrics = new Metrics();
    const sink = new SinkConsumer<Span>();
    const o = otlp.create(testSettings('otlp', 'receiver', metrics), otlp.config.decode({ protocols: { http: { endpoint: '127.0.0.1:0' } } }, '', [])!, { traces: sink });
    await o.start(NO_HOST);
    const dd = datadog.create(testSettings('datadog', 'receiver', metrics), { ...defaults(datadogConfig), endpoint: '127.0.0.1:0' }, { traces: sink }) as DatadogReceiver;
    try {
      await dd.start(NO_HOST);
      const res = await fetch(`http://127.0.0.1:${dd.address()!.port}/v0.4/traces`, {
        method: 'PUT', body: toMsgpack(ddTrace), headers: { 'Content-Type': 'application/msgpack' },
      });
      assert.equal(res.status, 200, await res.text());
      assert.equal(sink.items.length, 1);
      assert.equal(await metrics.value('otelcol_receiver_accepted_spans_total', { receiver: 'datadog' }), 1);
    } finally {
      await dd.shutdown();
      await o.shutdown();
    }
  });

  it('passes an exporter failure on unchanged when otlp_http registered the exporter counters first', async () => {
    const metrics = new Metrics();
    otlpHttp.create(testSettings('otlp_http', 'exporter', metrics), otlpHttp.config.decode({}, '', [])!, ['logs']);
    const file = fileExporter.create(testSettings('file', 'exporter', metrics), fileExporter.config.decode({ path: '/dev/full' }, '', [])!, ['logs']);
    await file.start(NO_HOST);
    const log = makeLogRecord({ timeNs: 1n, observedNs: 1n, body: 'x', resource: new ResourceCache().get({}) });
    await assert.rejects(file.logs!.consume([log]), /^Error: ENOSPC: no space left on device/);
    await file.shutdown();
    assert.equal(await metrics.value('otelcol_exporter_send_failed_log_records_total', { exporter: 'file', permanent: 'false' }), 1);
  });

  it('refuses, at registration, a second label set for one metric name', () => {
    const metrics = new Metrics();
    metrics.counter('x', 'help', ['a']);
    metrics.counter('x', 'help', []);
    assert.throws(() => metrics.counter('x', 'help', ['a', 'b']), /metric x_total is registered with labels \[a\]; another registration adds \[b\]/);
  });
});
