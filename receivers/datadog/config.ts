/** `datadog` receiver config. */
import { duration, int, object, type Infer } from '../../src/config/schema';
import { listenerFields, withListenerCheck } from '../../src/net/config';

const MiB = 1024 * 1024;

/** Where tracers look for the agent's socket when no agent URL is set (Datadog's admission controller sets it too). */
export const AGENT_SOCKET_PATH = '/var/run/datadog/apm.socket';

/**
 * `endpoint` defaults to the agent's port on loopback, where tracers look first; setups that
 * point tracers elsewhere (Datakit's 9529) set it. With `transport: unix` the endpoint is the
 * socket file's path (tracers find `/var/run/datadog/apm.socket` by themselves) and
 * `socket_mode` its mode (the agent's 0722). One receiver has one address: a second instance
 * (`datadog/uds`) in the same pipeline serves the other. `max_request_body_size` is the agent's
 * 25 MiB cap (after decompression). `read_timeout` bounds how long one request may take to
 * arrive (a slower one is answered 408). `backlog` is the listen(2) queue of connections not yet
 * accepted (Node's default 511; the kernel caps it at net.core.somaxconn).
 * `max_request_items` caps the spans (and traces, span links and events) one request may hold;
 * 0 derives it from `max_request_body_size` (src/receiverhelper/limits.ts: 140,853 at 25 MiB).
 */
export const config = withListenerCheck(
  object({
    ...listenerFields('127.0.0.1:8126'),
    max_request_body_size: int({ min: 1 }).def(25 * MiB),
    max_request_items: int({ min: 0 }).def(0),
    read_timeout: duration({ min: 1 }).def(60_000),
    backlog: int({ min: 1 }).def(511),
  }),
  { tcp: '127.0.0.1:8126', unix: AGENT_SOCKET_PATH },
);

export type Config = Infer<typeof config>;
