import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FACTORIES } from '../components';
import type { ConfigIssue } from '../config/issue';
import { SinkConsumer } from '../consumer/testing';
import type { LogRecord, Span } from '../consumer/consumer';
import { makeLogRecord, makeSpan } from '../data/builders';
import { ResourceCache } from '../data/resource';
import type { Component, Factory } from './component';
import { exporterMetrics } from '../exporterhelper/metrics';
import { Metrics } from '../telemetry/metrics';
import { itemNoun } from '../telemetry/signals';
import { NO_HOST, testSettings } from './testing';

const tmp = mkdtempSync(path.join(tmpdir(), 'ddob-contract-'));

/**
 * Settings a user must give for some components (a path, a limit, an action list) and
 * loopback port 0 for every listener, so the contract runs anywhere.
 */
const REQUIRED: Record<string, Record<string, unknown>> = {
  file: { path: path.join(tmp, 'out.jsonl') },
  attributes: { actions: [{ key: 'k', value: 'v', action: 'upsert' }] },
  resource: { attributes: [{ key: 'k', value: 'v', action: 'upsert' }] },
  memory_limiter: { limit_mib: 1 << 20 },
  health_check: { endpoint: '127.0.0.1:0' },
  datadog: { endpoint: '127.0.0.1:0' },
  otlp: { protocols: { http: { endpoint: '127.0.0.1:0' } } },
  otlp_http: { endpoint: 'http://127.0.0.1:9', retry_on_failure: { enabled: false }, sending_queue: { enabled: false } },
  otlp_grpc: { endpoint: '127.0.0.1:9', tls: { insecure: true }, retry_on_failure: { enabled: false }, sending_queue: { enabled: false } },
  file_log: { include: [path.join(tmp, 'none-*.log')] },
  file_storage: { directory: path.join(tmp, 'storage') },
  log_pipeline: { script: 'grok(_, "%{WORD:word}")' },
};

/** Exporters that write locally: handing them data must succeed. */
const LOCAL_EXPORTERS = ['file', 'debug'];

const resource = new ResourceCache().get({ 'service.name': 'contract' });
const span = makeSpan({ traceId: '0'.repeat(31) + '1', spanId: '0'.repeat(15) + '2', name: 's', startNs: 1n, endNs: 2n, resource });
const log = makeLogRecord({ timeNs: 1n, observedNs: 1n, body: 'hello', resource });

function configFor(f: Factory): unknown {
  const issues: ConfigIssue[] = [];
  const cfg = f.config.decode(REQUIRED[f.type] ?? {}, f.type, issues);
  assert.deepEqual(issues, [], `${f.kind} ${f.type}: contract config does not decode`);
  assert.deepEqual(f.validate?.(cfg) ?? [], [], `${f.kind} ${f.type}: contract config does not validate`);
  return cfg;
}

async function lifecycle(c: Component) {
  await c.shutdown(); // before start
  await c.start(NO_HOST);
  return c;
}

describe('component contract', () => {
  for (const f of FACTORIES) {
    describe(`${f.kind} ${f.type}`, () => {
      it('has a default config that decodes, and either validates or names what the user must set', () => {
        const issues: ConfigIssue[] = [];
        const d = f.config.decode(undefined, f.type, issues);
        const problems = d === undefined ? issues : (f.validate?.(d) ?? []);
        for (const p of problems) assert.ok(p.message.length > 10, `vague validation message: ${JSON.stringify(p)}`);
        if (problems.length > 0) assert.ok(REQUIRED[f.type], `${f.type}: default config fails validation but the contract test gives no settings`);
      });

      it('creates, starts, handles data, shuts down, and tolerates shutdown before start and twice', async () => {
        const cfg = configFor(f);
        const set = testSettings(f.type, f.kind);
        switch (f.kind) {
          case 'extension': {
            const c = await lifecycle(f.create(set, cfg));
            await c.shutdown();
            await c.shutdown();
            break;
          }
          case 'receiver': {
            const next = { traces: f.signals.includes('traces') ? new SinkConsumer<Span>() : undefined, logs: f.signals.includes('logs') ? new SinkConsumer<LogRecord>() : undefined };
            const c = await lifecycle(f.create(set, cfg, next));
            await c.shutdown();
            await c.shutdown();
            break;
          }
          case 'processor': {
            if (f.signals.includes('traces')) {
              const sink = new SinkConsumer<Span>();
              const p = f.create(set, cfg, sink, 'traces');
              await lifecycle(p);
              await p.consume([span]);
              await p.shutdown();
              await p.shutdown();
              assert.equal(sink.items.length, 1, 'the span passed through');
            }
            if (f.signals.includes('logs')) {
              const sink = new SinkConsumer<LogRecord>();
              const p = f.create(set, cfg, sink, 'logs');
              await lifecycle(p);
              await p.consume([log]);
              await p.shutdown();
              await p.shutdown();
              assert.equal(sink.items.length, 1, 'the record passed through (the contract script keeps it)');
            }
            break;
          }
          case 'exporter': {
            const ex = f.create(set, cfg, f.signals);
            await lifecycle(ex);
            const outcomes = await Promise.allSettled([ex.traces?.consume([span]), ex.logs?.consume([log])]);
            await ex.shutdown();
            await ex.shutdown();
            for (const o of outcomes) {
              // Exporters to a closed port may fail, but only with an Error, never hang or throw synchronously;
              // exporters that need no network must succeed.
              if (o.status === 'rejected') {
                assert.ok(o.reason instanceof Error);
                assert.ok(!LOCAL_EXPORTERS.includes(f.type), `${f.type} failed: ${o.reason.message}`);
              }
            }
            break;
          }
        }
      });

      if (f.kind === 'exporter') {
        it('reports what it sent or failed to send through the one set of exporter metrics', async () => {
          const metrics = new Metrics();
          const ex = f.create(testSettings(f.type, 'exporter', metrics), configFor(f), f.signals);
          await ex.start(NO_HOST);
          await Promise.allSettled([ex.traces?.consume([span]), ex.logs?.consume([log])]);
          await ex.shutdown();
          // Same names and help texts as exporterhelper/metrics.ts registers, and nothing of its own.
          const expected = new Metrics();
          for (const signal of f.signals) exporterMetrics(expected, f.type, signal);
          const described = (m: Metrics) => m.registry.getMetricsAsArray().filter((x) => x.name.startsWith('otelcol_exporter_')).map((x) => `${x.name}: ${x.help}`).sort();
          assert.deepEqual(described(metrics), described(expected));
          for (const signal of f.signals) {
            const noun = itemNoun(signal);
            const sent = await metrics.value(`otelcol_exporter_sent_${noun}_total`, { exporter: f.type });
            const failed = await metrics.value(`otelcol_exporter_send_failed_${noun}_total`, { exporter: f.type });
            assert.equal(sent + failed, 1, `${signal}: the one item is counted once, as sent or as failed`);
            if (LOCAL_EXPORTERS.includes(f.type)) assert.equal(sent, 1, `${signal}: a local exporter sends`);
          }
        });
      }
    });
  }
});
