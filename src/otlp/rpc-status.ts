/**
 * google.rpc.Status, the error body of OTLP (gRPC `grpc-status-details-bin`, OTLP/HTTP error
 * responses), with the one detail OTLP gives a meaning to: RetryInfo, how long to wait.
 */
import { ProtoWriter } from './proto-writer';
import { Reader, WireType } from './proto-reader';

export const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

export interface RpcStatus {
  code: number;
  message: string;
  /** RetryInfo.retry_delay in milliseconds, when the status carries one. */
  retryDelayMs?: number;
}

/**
 * Status { int32 code = 1; string message = 2; repeated google.protobuf.Any details = 3; }
 * Any { string type_url = 1; bytes value = 2; }
 * RetryInfo { google.protobuf.Duration retry_delay = 1; }
 * Duration { int64 seconds = 1; int32 nanos = 2; }
 */
export function encodeRpcStatus(s: RpcStatus): Buffer {
  const w = new ProtoWriter(128);
  if (s.code) {
    w.tag1(0x08);
    w.u32(s.code);
  }
  if (s.message) {
    w.tag1(0x12);
    w.string(s.message);
  }
  if (s.retryDelayMs !== undefined) {
    const any = new ProtoWriter(128);
    any.tag1(0x0a);
    any.string(RETRY_INFO_TYPE);
    any.tag1(0x12);
    any.bytes(retryInfo(s.retryDelayMs));
    w.tag1(0x1a);
    w.bytes(any.finish());
  }
  return Buffer.from(w.finish());
}

function retryInfo(delayMs: number): Uint8Array {
  const ms = Math.max(0, Math.round(delayMs));
  const duration = new ProtoWriter(32);
  duration.tag1(0x08);
  duration.i64(Math.floor(ms / 1000));
  if (ms % 1000) {
    duration.tag1(0x10);
    duration.u32((ms % 1000) * 1e6);
  }
  const info = new ProtoWriter(32);
  info.tag1(0x0a);
  info.bytes(duration.finish());
  return info.finish();
}

/** Reads a Status; throws WireError on malformed bytes. Details other than RetryInfo are skipped. */
export function decodeRpcStatus(bytes: Uint8Array): RpcStatus {
  const out: RpcStatus = { code: 0, message: '' };
  const r = new Reader(bytes);
  while (!r.done) {
    const [f, w] = r.tag();
    if (f === 1 && w === WireType.Varint) out.code = r.varint();
    else if (f === 2 && w === WireType.Bytes) out.message = r.string();
    else if (f === 3 && w === WireType.Bytes) {
      const delay = retryDelayOf(r.sub());
      if (delay !== undefined) out.retryDelayMs = delay;
    } else r.skip(w);
  }
  return out;
}

/** The delay of an Any that holds a RetryInfo, else undefined. */
function retryDelayOf(any: Reader): number | undefined {
  let type = '';
  let value: Reader | undefined;
  while (!any.done) {
    const [f, w] = any.tag();
    if (f === 1 && w === WireType.Bytes) type = any.string();
    else if (f === 2 && w === WireType.Bytes) value = any.sub();
    else any.skip(w);
  }
  if (type !== RETRY_INFO_TYPE || !value) return undefined;
  let ms = 0;
  while (!value.done) {
    const [f, w] = value.tag();
    if (f !== 1 || w !== WireType.Bytes) {
      value.skip(w);
      continue;
    }
    const d = value.sub();
    while (!d.done) {
      const [df, dw] = d.tag();
      // int64/int32 on the wire: a negative value is a ten-byte two's complement, read as huge here.
      if (df === 1 && dw === WireType.Varint) ms += signed(d.varint64()) * 1000;
      else if (df === 2 && dw === WireType.Varint) ms += signed(d.varint64()) / 1e6;
      else d.skip(dw);
    }
  }
  return Math.max(0, ms);
}

function signed(v: bigint): number {
  return Number(BigInt.asIntN(64, v));
}
