/** `trace_index` config: how many traces are remembered, for how long, and how long a log record waits for its trace. */
import * as s from '../../src/config/schema';

export const config = s.object({
  /** `enabled` (true): false turns trace-id recovery off; 64-bit log ids then go out as written. */
  enabled: s.bool().def(true),
  /** `max_traces` (100000): traces remembered at most (about 100 bytes each). */
  max_traces: s.int({ min: 1 }).def(100_000),
  /** `ttl` (1m): a trace is remembered at least this long after it was last seen. */
  ttl: s.duration({ min: 1000 }).def(60_000),
  /** `wait` (4s): longest a log record waits for its trace, counted from the time written in the line; 0 turns waiting off. */
  wait: s.duration().def(4000),
  /** `service_ttl` (1h): a service counts as traced (its lines wait for their traces) this long after its last trace. */
  service_ttl: s.duration({ min: 1000 }).def(3_600_000),
  /** `max_waiting_records` (20000): records waiting at most; a full room lets the oldest go early. */
  max_waiting_records: s.int({ min: 0 }).def(20_000),
  /** `max_waiting_mib` (32): estimated memory of waiting records at most, in MiB. */
  max_waiting_mib: s.int({ min: 1 }).def(32),
});

export type TraceIndexConfig = NonNullable<ReturnType<typeof config.decode>>;

