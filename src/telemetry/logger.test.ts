import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { consoleLine, RateLimitedLog } from './logger';

describe('own logs', () => {
  it('renders a JSON log line as console text', () => {
    assert.equal(
      consoleLine('{"level":40,"time":"2026-01-01T00:00:00.000Z","id":"datadog","n":2,"msg":"slow"}'),
      '2026-01-01T00:00:00.000Z\tWARN\tslow\tid=datadog\tn=2\n',
    );
    assert.equal(consoleLine('not json\n'), 'not json\n');
  });

  it('rate-limits warnings per key and stays bounded under ever-new keys', () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
    const log = new RateLimitedLog(logger, 2, 60000);
    for (let i = 0; i < 5; i++) log.warn('same', {}, 'again');
    assert.equal(lines.length, 2);
    for (let i = 0; i < RateLimitedLog.MAX_KEYS * 3; i++) log.warn(`file-${i}`, {}, 'bad file');
    assert.ok(log.size <= RateLimitedLog.MAX_KEYS, `kept ${log.size} keys`);
  });
});
