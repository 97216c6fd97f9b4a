/** The shared listener keys: `endpoint` read against `transport`, and `socket_mode`. */
import assert from 'node:assert/strict';
import type { ConfigIssue } from '../config/issue';
import { int, object, type Decoder, type Infer } from '../config/schema';
import { config as otlpConfig } from '../../receivers/otlp/config';
import { listenerFields, withListenerCheck } from './config';

const decoder = withListenerCheck(object({ ...listenerFields('127.0.0.1:8126'), backlog: int({ min: 1 }).def(511) }), {
  tcp: '127.0.0.1:8126',
  unix: '/var/run/datadog/apm.socket',
});

function decode<T = Infer<typeof decoder>>(raw: unknown, d: Decoder<T, boolean> = decoder as unknown as Decoder<T, boolean>, at = 'receivers::datadog') {
  const issues: ConfigIssue[] = [];
  const value = d.decode(raw, at, issues);
  return { value, issues: issues.map((i) => `${i.path}: ${i.message}`) };
}

describe('listener config (endpoint, transport, socket_mode)', () => {
  it('defaults to TCP on the given address with the agent socket mode', () => {
    assert.deepEqual(decode(null).value, { endpoint: '127.0.0.1:8126', transport: 'tcp', socket_mode: 0o722, backlog: 511 });
  });

  it('takes a socket path with transport: unix, and a mode written in octal, quoted or not', () => {
    for (const mode of ['0660', '660', 660]) {
      const { value, issues } = decode({ transport: 'unix', endpoint: '/var/run/datadog/apm.socket', socket_mode: mode });
      assert.deepEqual(issues, []);
      assert.deepEqual(value, { endpoint: '/var/run/datadog/apm.socket', transport: 'unix', socket_mode: 0o660, backlog: 511 });
    }
    assert.equal(decode({ transport: 'unix', endpoint: 'data/apm.socket' }).value?.endpoint, 'data/apm.socket');
  });

  const cases: [string, unknown, string[]][] = [
    ['a path over TCP', { endpoint: '/var/run/datadog/apm.socket' }, [
      'receivers::datadog::endpoint: must be host:port, got "/var/run/datadog/apm.socket" (for example "127.0.0.1:8126"); for a Unix socket set transport: unix',
    ]],
    ['host:port with transport: unix', { transport: 'unix' }, [
      'receivers::datadog::endpoint: must be the socket file\'s path with transport: unix, got "127.0.0.1:8126" (for example "/var/run/datadog/apm.socket")',
    ]],
    ['a unix:// URL', { transport: 'unix', endpoint: 'unix:///var/run/datadog/apm.socket' }, [
      'receivers::datadog::endpoint: must be the socket file\'s path with transport: unix, got "unix:///var/run/datadog/apm.socket" (for example "/var/run/datadog/apm.socket")',
    ]],
    ['a path longer than a socket address holds', { transport: 'unix', endpoint: '/' + 'd'.repeat(120) }, [
      'receivers::datadog::endpoint: is 121 bytes long; a Unix socket path can have at most 107 (use a shorter directory)',
    ]],
    ['an unknown transport, reported once', { transport: 'udp', endpoint: '/x' }, ['receivers::datadog::transport: must be one of "tcp", "unix", got "udp"; did you mean "tcp"?']],
    ['a mode that is not octal, with every other problem', { socket_mode: '0999', backlog: 0, endpoint: '8126' }, [
      'receivers::datadog::endpoint: must be host:port, got "8126" (for example "127.0.0.1:8126")',
      'receivers::datadog::socket_mode: must be an octal file mode such as "0722", got "0999"',
      'receivers::datadog::backlog: must be an integer >= 1, got 0',
    ]],
  ];
  for (const [name, raw, want] of cases) {
    it(`reports ${name}`, () => {
      const { value, issues } = decode(raw);
      assert.deepEqual(issues, want);
      assert.equal(value, undefined);
    });
  }

  it('checks the otlp receiver\'s protocols::http listener with its full path', () => {
    const { issues } = decode({ protocols: { http: { transport: 'unix' } } }, otlpConfig, 'receivers::otlp');
    assert.deepEqual(issues, [
      'receivers::otlp::protocols::http::endpoint: must be the socket file\'s path with transport: unix, got "127.0.0.1:4318" (for example "/var/run/otlp/otlp.sock")',
    ]);
    const ok = decode({ protocols: { http: { transport: 'unix', endpoint: '/tmp/otlp.sock' } } }, otlpConfig, 'receivers::otlp');
    assert.equal(ok.value?.protocols.http?.transport, 'unix');
  });
});
