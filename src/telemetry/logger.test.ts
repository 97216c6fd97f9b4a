import assert from 'node:assert/strict';
import { consoleLine } from './logger';

describe('own logs', () => {
  it('renders a JSON log line as console text', () => {
    assert.equal(
      consoleLine('{"level":40,"time":"2026-01-01T00:00:00.000Z","id":"datadog","n":2,"msg":"slow"}'),
      '2026-01-01T00:00:00.000Z\tWARN\tslow\tid=datadog\tn=2\n',
    );
    assert.equal(consoleLine('not json\n'), 'not json\n');
  });
});
