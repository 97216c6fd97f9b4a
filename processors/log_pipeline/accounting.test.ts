import assert from 'node:assert/strict';
import pino from 'pino';
import { Writable } from 'node:stream';
import { Metrics } from '../../src/telemetry/metrics';
import { causeIndex, fixFor, JOINED, JoinAccounting, NO_IDS, RECOVERED, TRACE_NOT_SEEN } from './accounting';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(String(chunk)));
      cb();
    },
  });
  return { lines, logger: pino({ level: 'warn' }, stream) };
}

const flushed = () => new Promise((r) => setImmediate(r));
const origins = new Map<string | undefined, { attributes: Record<string, unknown> }>();
/** The resource of a service's records (one object per service, as the processor's cache gives). */
const of = (service: string | undefined) => {
  let o = origins.get(service);
  if (!o) origins.set(service, (o = { attributes: service === undefined ? {} : { 'service.name': service } }));
  return o;
};

describe('log_pipeline: join accounting', () => {
  it('counts outcomes by pipeline and service, with reasons for the unjoined', async () => {
    const metrics = new Metrics();
    const a = new JoinAccounting({ processor: 'log_pipeline', pipeline: 'logs/app', logger: pino({ level: 'silent' }), metrics });
    a.count(of('shop'), JOINED);
    a.count(of('shop'), RECOVERED);
    a.count(of('shop'), RECOVERED);
    a.count(of(undefined), NO_IDS);
    a.flush();
    const v = (l: Record<string, string>) => metrics.value('otelcol_processor_log_pipeline_join_outcomes_total', l);
    assert.equal(await v({ pipeline: 'logs/app', service: 'shop', outcome: 'recovered' }), 2);
    assert.equal(await v({ service: 'shop', outcome: 'joined', reason: '' }), 1);
    assert.equal(await v({ service: '', outcome: 'unjoined', reason: 'no_ids' }), 1);
  });

  it('keeps the service label set bounded', async () => {
    const metrics = new Metrics();
    const a = new JoinAccounting({ processor: 'p', pipeline: 'logs', logger: pino({ level: 'silent' }), metrics });
    for (let i = 0; i < 100; i++) a.count(of(`svc-${i}`), JOINED);
    a.flush();
    const data = await metrics.registry.getSingleMetric('otelcol_processor_log_pipeline_join_outcomes_total')!.get();
    assert.equal(data.values.length, 21, '20 services by name and one "_other"');
    assert.equal(data.values.find((x) => x.labels.service === '_other')?.value, 80);
  });

  it('warns once when most lines of a service do not join, naming the service, the reason and the fix', async () => {
    const { lines, logger } = capture();
    const a = new JoinAccounting({ processor: 'p', pipeline: 'logs', logger, metrics: new Metrics() });
    for (let i = 0; i < 400; i++) a.count(of('shop'), TRACE_NOT_SEEN, causeIndex('untraced'));
    for (let i = 0; i < 100; i++) a.count(of('shop'), JOINED);
    for (let i = 0; i < 500; i++) a.count(of('billing'), JOINED);
    a.flush();
    for (let i = 0; i < 500; i++) a.count(of('shop'), TRACE_NOT_SEEN, causeIndex('untraced'));
    a.flush();
    await flushed();
    assert.equal(lines.length, 1, JSON.stringify(lines));
    const w = lines[0];
    assert.equal(w.msg, 'Most log lines of service "shop" do not join a span');
    assert.equal(w.service, 'shop');
    assert.equal(w.reason, 'trace_not_seen');
    assert.equal(w.unjoined, 400);
    assert.match(String(w.fix), /DD_TRACE_AGENT_URL/);
  });

  it('names a fix for each reason and cause', () => {
    const only = (c: Parameters<typeof causeIndex>[0]) => {
      const counts = new Array(8).fill(0);
      counts[causeIndex(c)] = 1;
      return counts;
    };
    assert.match(fixFor('no_ids', []), /DD_LOGS_INJECTION/);
    assert.match(fixFor('script_error', []), /--record/);
    assert.match(fixFor('ambiguous', []), /128_BIT_TRACEID_LOGGING/);
    assert.match(fixFor('trace_not_seen', only('stale')), /timezone/);
    assert.match(fixFor('trace_not_seen', only('deadline')), /trace_index::wait/);
    assert.match(fixFor('trace_not_seen', only('off')), /disabled/);
    assert.match(fixFor('trace_not_seen', only('full')), /max_waiting_records/);
  });
});
