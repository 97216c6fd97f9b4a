import assert from 'node:assert/strict';
import { Metrics } from '../telemetry/metrics';
import { ObsReport } from './obsreport';

describe('ObsReport', () => {
  it('counts accepted and refused items per receiver and transport, under one registration with one help text', async () => {
    const metrics = new Metrics();
    const a = new ObsReport(metrics, 'datadog', 'http', 'traces');
    const b = new ObsReport(metrics, 'otlp', 'http', 'traces');
    a.accept(3, { endpoint: '/v0.4/traces', client_language: 'python' });
    a.accept(0);
    b.accept(2);
    b.refuse(5);
    assert.equal(await metrics.value('otelcol_receiver_accepted_spans_total', { receiver: 'datadog', endpoint: '/v0.4/traces' }), 3);
    assert.equal(await metrics.value('otelcol_receiver_accepted_spans_total', { receiver: 'otlp', transport: 'http' }), 2);
    assert.equal(await metrics.value('otelcol_receiver_refused_spans_total'), 5);
    const text = await metrics.registry.metrics();
    assert.match(text, /# HELP otelcol_receiver_accepted_spans_total Number of spans successfully pushed into the pipeline\./);
    new ObsReport(metrics, 'file_log', 'file', 'logs').accept(1);
    assert.match(await metrics.registry.metrics(), /# HELP otelcol_receiver_accepted_log_records_total Number of log records successfully pushed/);
  });
});
