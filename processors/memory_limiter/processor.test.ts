import assert from 'node:assert/strict';
import { RefusedError } from '../../src/consumer/errors';
import { SinkConsumer } from '../../src/consumer/testing';
import { silentLogger } from '../../src/telemetry/logger';
import { Metrics } from '../../src/telemetry/metrics';
import { limitsBytes, validate } from './config';
import { MemoryLimiter } from './processor';

const MIB = 1024 * 1024;

describe('memory_limiter processor', () => {
  it('refuses retryably above the soft limit and accepts again below it', async () => {
    let used = 10 * MIB;
    const sink = new SinkConsumer<number>();
    const metrics = new Metrics();
    const ml = new MemoryLimiter(sink, limitsBytes({ check_interval: 1000, limit_mib: 100, spike_limit_mib: 20, limit_percentage: 0, spike_limit_percentage: 0 }, 0), 60000, {
      id: 'memory_limiter', signal: 'traces', logger: silentLogger(), metrics, gauge: { read: () => used },
    });
    await ml.start();
    await ml.consume([1]);
    used = 85 * MIB; // above soft (80), below hard (100)
    ml.check();
    await assert.rejects(ml.consume([2, 3]), (e) => e instanceof RefusedError);
    assert.equal(await metrics.value('otelcol_processor_memory_limiter_refused_spans_total'), 2);
    used = 50 * MIB;
    ml.check();
    await ml.consume([4]);
    assert.deepEqual(sink.items, [1, 4]);
    await ml.shutdown();
  });

  it('derives limits from MiB or a percentage of total memory, spike defaulting to 20%', () => {
    assert.deepEqual(limitsBytes({ check_interval: 1, limit_mib: 100, spike_limit_mib: 0, limit_percentage: 0, spike_limit_percentage: 0 }, 0), { hard: 100 * MIB, soft: 80 * MIB });
    assert.deepEqual(limitsBytes({ check_interval: 1, limit_mib: 0, spike_limit_mib: 0, limit_percentage: 50, spike_limit_percentage: 10 }, 1000 * MIB), { hard: 500 * MIB, soft: 400 * MIB });
  });

  it('requires a limit and a spike below it', () => {
    assert.deepEqual(validate({ check_interval: 1, limit_mib: 0, spike_limit_mib: 0, limit_percentage: 0, spike_limit_percentage: 0 }).map((i) => i.path), ['limit_mib']);
    assert.deepEqual(validate({ check_interval: 1, limit_mib: 10, spike_limit_mib: 10, limit_percentage: 0, spike_limit_percentage: 0 }).map((i) => i.path), ['spike_limit_mib']);
  });
});
