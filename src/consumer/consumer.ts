import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';

/** The single data contract: the returned promise is backpressure and acknowledgement. */
export interface Consumer<T> {
  consume(batch: T[]): Promise<void>;
}

export type Span = ReadableSpan;
export type LogRecord = ReadableLogRecord;
export type TracesConsumer = Consumer<Span>;
export type LogsConsumer = Consumer<LogRecord>;
export type Signal = 'traces' | 'logs';
export const SIGNALS: readonly Signal[] = ['traces', 'logs'];
