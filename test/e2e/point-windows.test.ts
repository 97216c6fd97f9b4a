/**
 * point_window/window_hit through the real binary: a file tailed by file_log, a script that drops
 * every line but keeps the context of an error line, and an OTLP sink decoding what was exported.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bridgeConfig } from '../helpers/bridge-config';
import { startCollector } from '../helpers/collector';
import { metricValue } from '../helpers/metrics';
import { OtlpSink } from '../helpers/sink';

const SCRIPT = 'point_window(2, 2)\nif match("ERROR", _) { window_hit() }\nif _ != "end" { drop() }\n';

describe('point windows (the real binary)', function () {
  this.timeout(60000);

  it('a running bridge exports the dropped lines around an error line, and only those', async () => {
    const sink = await OtlpSink.start();
    const dir = mkdtempSync(path.join(tmpdir(), 'ddob-windows-'));
    const log = path.join(dir, 'app.log');
    writeFileSync(log, '');
    const c = await startCollector(bridgeConfig({ sinkUrl: sink.url, logs: { include: log, script: JSON.stringify(SCRIPT) }, batchTimeout: '20ms' }));
    try {
      writeFileSync(log, ['d1', 'd2', 'd3', 'ERROR boom', 'a1', 'a2', 'end'].join('\n') + '\n');
      // "end" is the one line the script keeps: once it is out, every line before it was processed.
      await sink.waitFor((s) => s.logs.some((l) => l.body === 'end'), 30000, 'the last line');
      assert.deepEqual(sink.logs.map((l) => l.body), ['d2', 'd3', 'ERROR boom', 'a1', 'end']);
      assert.equal(await metricValue(c.metricsUrl, 'otelcol_processor_log_pipeline_window_released_log_records_total'), 4);
    } finally {
      assert.equal(await c.stop(), 0, c.stderr());
      await sink.close();
    }
  });
});
