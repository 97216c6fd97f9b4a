/**
 * `otlp` receiver config, shaped like the Collector's (`protocols: { http: { endpoint } }`).
 * Only OTLP/HTTP is served; a `grpc` section is reported as unsupported rather than ignored.
 */
import { custom, duration, int, object, string, type Infer } from '../../src/config/schema';
import { listenerFields, withListenerCheck } from '../../src/net/config';

const path = () => string().check((v) => (v.startsWith('/') ? undefined : `must start with "/", got "${v}"`));

export const httpConfig = withListenerCheck(object({
  /**
   * `endpoint` (127.0.0.1:4318): where OTLP/HTTP is served; with `transport: unix` the socket
   * file's path, and `socket_mode` (0722) its mode.
   */
  ...listenerFields('127.0.0.1:4318'),
  /** `max_request_body_size` (20 MiB): limit on a body before and after decompression; over it → 413. */
  max_request_body_size: int({ min: 1 }).def(20 * 1024 * 1024),
  /** `read_timeout` (60s, as the datadog receiver): longest a request may take to arrive; slower → 408. */
  read_timeout: duration({ min: 1 }).def(60_000),
  /** `backlog` (511, Node's default): connections the kernel queues before they are accepted. */
  backlog: int({ min: 1 }).def(511),
  /** `traces_url_path` / `logs_url_path`: where each signal is posted. */
  traces_url_path: path().def('/v1/traces'),
  logs_url_path: path().def('/v1/logs'),
}), { tcp: '127.0.0.1:4318', unix: '/var/run/otlp/otlp.sock' });

const grpcUnsupported = custom<never>('not supported', (_raw, p, issues) => {
  issues.push({ path: p, message: 'OTLP/gRPC is not supported by this build; use protocols::http (port 4318)' });
  return undefined;
});

export const config = object({
  protocols: object({
    http: httpConfig,
    grpc: grpcUnsupported,
  }),
});

export type Config = Infer<typeof config>;

