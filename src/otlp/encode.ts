/**
 * Data model → OTLP request bytes, through the official serializers of
 * @opentelemetry/otlp-transformer, plus the content types OTLP/HTTP uses for each encoding.
 */
import {
  JsonLogsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufTraceSerializer,
  type IExportLogsServiceResponse,
  type IExportTraceServiceResponse,
} from '@opentelemetry/otlp-transformer';
import type { LogRecord, Signal, Span } from '../consumer/consumer';

export type Encoding = 'proto' | 'json';

export const CONTENT_TYPES: Record<Encoding, string> = {
  proto: 'application/x-protobuf',
  json: 'application/json',
};

export function encodeSpans(spans: Span[], encoding: Encoding): Uint8Array {
  const s = encoding === 'proto' ? ProtobufTraceSerializer : JsonTraceSerializer;
  return s.serializeRequest(spans) ?? new Uint8Array();
}

export function encodeLogs(logs: LogRecord[], encoding: Encoding): Uint8Array {
  const s = encoding === 'proto' ? ProtobufLogsSerializer : JsonLogsSerializer;
  return s.serializeRequest(logs) ?? new Uint8Array();
}

export interface PartialSuccess {
  rejected: number;
  message: string;
}

/**
 * Reads `partial_success` from a 2xx export response. Throws when the body cannot be parsed,
 * which the exporter treats as permanent so accepted data is never sent again.
 */
export function decodePartialSuccess(signal: Signal, encoding: Encoding, body: Uint8Array): PartialSuccess | undefined {
  if (body.length === 0) return undefined;
  if (encoding === 'json') {
    const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as Record<string, any>;
    const ps = parsed?.partialSuccess ?? parsed?.partial_success;
    if (!ps) return undefined;
    const rejected = Number(ps.rejectedSpans ?? ps.rejected_spans ?? ps.rejectedLogRecords ?? ps.rejected_log_records ?? 0);
    const message = String(ps.errorMessage ?? ps.error_message ?? '');
    return rejected > 0 || message ? { rejected, message } : undefined;
  }
  if (signal === 'traces') {
    const r: IExportTraceServiceResponse = ProtobufTraceSerializer.deserializeResponse(body);
    const ps = r.partialSuccess;
    const rejected = Number(ps?.rejectedSpans ?? 0);
    const message = ps?.errorMessage ?? '';
    return rejected > 0 || message ? { rejected, message } : undefined;
  }
  const r: IExportLogsServiceResponse = ProtobufLogsSerializer.deserializeResponse(body);
  const ps = r.partialSuccess;
  const rejected = Number(ps?.rejectedLogRecords ?? 0);
  const message = ps?.errorMessage ?? '';
  return rejected > 0 || message ? { rejected, message } : undefined;
}
