/**
 * `otlp` receiver config, shaped like the Collector's: `protocols: { grpc: {...}, http: {...} }`.
 * A protocol is served when its key is present (`grpc:` alone serves gRPC with its defaults);
 * at least one must be.
 */
import type { ConfigIssue } from '../../src/config/issue';
import { duration, hostPort, int, object, oneOf, optional, string, type Infer } from '../../src/config/schema';
import { tlsServerConfig, validateCertPair } from '../../src/config/tls';
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
  /**
   * `max_request_items` (0: derived from `max_request_body_size`, src/receiverhelper/limits.ts):
   * spans or log records (and the groups, events and links holding or hanging off them) one
   * request may hold; over it → 413.
   */
  max_request_items: int({ min: 0 }).def(0),
  /** `read_timeout` (60s, as the datadog receiver): longest a request may take to arrive; slower → 408. */
  read_timeout: duration({ min: 1 }).def(60_000),
  /** `backlog` (511, Node's default): connections the kernel queues before they are accepted. */
  backlog: int({ min: 1 }).def(511),
  /** `traces_url_path` / `logs_url_path`: where each signal is posted. */
  traces_url_path: path().def('/v1/traces'),
  logs_url_path: path().def('/v1/logs'),
}), { tcp: '127.0.0.1:4318', unix: '/var/run/otlp/otlp.sock' });

export const grpcConfig = object({
  /** `endpoint` (127.0.0.1:4317): where OTLP/gRPC is served. */
  endpoint: hostPort('127.0.0.1:4317').def('127.0.0.1:4317'),
  /** `transport` (tcp): the only one served. */
  transport: oneOf(['tcp'] as const).def('tcp'),
  /** `max_recv_msg_size_mib` (4, gRPC's default): largest message, also after decompression; over it → RESOURCE_EXHAUSTED. */
  max_recv_msg_size_mib: int({ min: 1, max: 2047 }).def(4),
  /** `max_concurrent_streams` (0 = no limit): calls one connection may have in flight. */
  max_concurrent_streams: int({ min: 0 }).def(0),
  /** `tls` (off): serve TLS with `cert_file`/`key_file`; `client_ca_file` also requires client certificates. */
  tls: optional(tlsServerConfig),
  keepalive: optional(
    object({
      server_parameters: object({
        /** Close a connection idle this long (0 = never). */
        max_connection_idle: duration().def(0),
        /** Close a connection this old, after `max_connection_age_grace` for its calls (0 = never). */
        max_connection_age: duration().def(0),
        max_connection_age_grace: duration().def(0),
        /** Ping a quiet client every `time` (2h) and drop it after `timeout` (20s) without answer. */
        time: duration({ min: 1 }).def(2 * 3600_000),
        timeout: duration({ min: 1 }).def(20_000),
      }),
    }),
  ),
});

export const config = object({
  protocols: object({
    grpc: optional(grpcConfig),
    http: optional(httpConfig),
  }),
});

export type Config = Infer<typeof config>;
export type HttpConfig = Infer<typeof httpConfig>;
export type GrpcConfig = Infer<typeof grpcConfig>;

export function validate(c: Config): ConfigIssue[] {
  const { grpc, http } = c.protocols;
  if (!grpc && !http) {
    return [{ path: 'protocols', message: 'must specify at least one protocol when using the OTLP receiver (add "grpc:" for port 4317 and/or "http:" for port 4318)' }];
  }
  return grpc?.tls ? validateCertPair(grpc.tls, 'protocols::grpc::tls', true) : [];
}
