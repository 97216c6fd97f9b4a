/**
 * Entry point for receivers: OTLP request bytes in either encoding → data model.
 * Every failure is a `DecodeError` carrying a one-line reason for the 400 answer, except a body
 * holding more items than its budget: a 413 `BodyError`, raised before the body is parsed when
 * the item count alone shows it (see receiverhelper/limits.ts).
 */
import type { LogRecord, Span } from '../consumer/consumer';
import { BodyError } from '../receiverhelper/body';
import { countJsonItems, type JsonItems } from '../receiverhelper/json-items';
import { unlimited, type ItemBudget } from '../receiverhelper/limits';
import { runToEnd, type Steps } from '../receiverhelper/slices';
import { decodeLogsJson, decodeTracesJson, LOGS_JSON_ITEMS, TRACES_JSON_ITEMS } from './decode-json';
import { checkRequestItems, decodeLogsProto, decodeTracesProto } from './decode-proto';
import { toLogRecords, toSpans } from './model';
import type { ResourceGroup } from './ir';
import type { Encoding } from './encode';

export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch (err) {
    throw new DecodeError(`invalid JSON: ${(err as Error).message}`);
  }
}

function* wrap<T>(what: string, steps: Steps<T>): Steps<T> {
  try {
    return yield* steps;
  } catch (err) {
    if (err instanceof DecodeError || err instanceof BodyError) throw err;
    // Any failure while decoding (including stack exhaustion on hostile nesting) is bad input.
    throw new DecodeError(`cannot decode ${what}: ${(err as Error).message}`);
  }
}

interface SignalCodec<I, O> {
  what: string;
  jsonItems: JsonItems;
  json(parsed: unknown, budget: ItemBudget): Steps<ResourceGroup<I>[]>;
  proto(body: Uint8Array, budget: ItemBudget): Steps<ResourceGroup<I>[]>;
  convert(groups: ResourceGroup<I>[]): Steps<O[]>;
}

/** Counts the items first (cheap, and refuses a body of too many at once), then decodes in steps. */
function* decodeSteps<I, O>(c: SignalCodec<I, O>, body: Uint8Array, encoding: Encoding, budget: ItemBudget): Steps<O[]> {
  let groups: ResourceGroup<I>[];
  if (encoding === 'json') {
    countJsonItems(body, c.jsonItems, budget.max);
    yield;
    const parsed = parseJson(body);
    yield;
    groups = yield* wrap(c.what, c.json(parsed, budget));
  } else {
    checkRequestItems(body, budget.max);
    yield;
    groups = yield* wrap(c.what, c.proto(body, budget));
  }
  return yield* wrap(c.what, c.convert(groups));
}

const TRACES = { what: 'ExportTraceServiceRequest', jsonItems: TRACES_JSON_ITEMS, json: decodeTracesJson, proto: decodeTracesProto, convert: toSpans };
const LOGS = { what: 'ExportLogsServiceRequest', jsonItems: LOGS_JSON_ITEMS, json: decodeLogsJson, proto: decodeLogsProto, convert: toLogRecords };

export function decodeSpanSteps(body: Uint8Array, encoding: Encoding, budget: ItemBudget): Steps<Span[]> {
  return decodeSteps(TRACES, body, encoding, budget);
}

export function decodeLogRecordSteps(body: Uint8Array, encoding: Encoding, budget: ItemBudget): Steps<LogRecord[]> {
  return decodeSteps(LOGS, body, encoding, budget);
}

/** Decodes at once (tests, benchmarks); no item cap unless given one. */
export function decodeSpans(body: Uint8Array, encoding: Encoding, budget: ItemBudget = unlimited()): Span[] {
  return runToEnd(decodeSpanSteps(body, encoding, budget));
}

export function decodeLogRecords(body: Uint8Array, encoding: Encoding, budget: ItemBudget = unlimited()): LogRecord[] {
  return runToEnd(decodeLogRecordSteps(body, encoding, budget));
}
