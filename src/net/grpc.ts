/**
 * @grpc/grpc-js as the OTLP components use it: the two Export methods, carried as raw bytes (our
 * own protobuf writer and reader do the encoding), and the library's own logging turned off.
 */
import * as grpc from '@grpc/grpc-js';
import type { Signal } from '../consumer/consumer';

// grpc-js writes its log lines straight to stderr, outside our JSON log. Every failure it reports
// there also reaches us as a call status or a bind error, which the components log in our format.
grpc.setLogVerbosity(grpc.logVerbosity.NONE);

export { grpc };

const bytes = (b: Buffer): Buffer => b;

/** `Export` of the OTLP trace or logs service, messages passed through as bytes. */
export function exportMethod(signal: Signal): grpc.MethodDefinition<Buffer, Buffer> {
  return {
    path: signal === 'traces' ? '/opentelemetry.proto.collector.trace.v1.TraceService/Export' : '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
    requestStream: false,
    responseStream: false,
    requestSerialize: bytes,
    requestDeserialize: bytes,
    responseSerialize: bytes,
    responseDeserialize: bytes,
  };
}
