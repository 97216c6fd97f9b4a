import type { HrTime } from '@opentelemetry/api';

const NS_PER_S = 1_000_000_000n;

/** Nanoseconds since the epoch exceed 2^53, so times travel as bigint and become HrTime exactly. */
export function nsToHrTime(ns: bigint): HrTime {
  const s = ns / NS_PER_S;
  let rem = ns % NS_PER_S;
  if (rem < 0n) return [Number(s - 1n), Number(rem + NS_PER_S)];
  return [Number(s), Number(rem)];
}

export function hrTimeToNs(t: HrTime): bigint {
  return BigInt(t[0]) * NS_PER_S + BigInt(t[1]);
}

export function nowNs(): bigint {
  // Date.now() has ms precision; process.hrtime is monotonic, not wall clock, so combine them once.
  return BigInt(Date.now()) * 1_000_000n;
}
