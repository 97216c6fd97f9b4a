/**
 * The per-request item cap (`max_request_items`): its default, derived from the byte cap and the
 * measured memory of an item, and the budget decoders draw on before they allocate.
 */
import { BodyError, type RequestLimits } from './body';

/**
 * What items cost, measured with `npx tsx --expose-gc test/hostile/item-memory.ts` (Node 20):
 * - `heapPerItem`: heap bytes held per item of the cheapest kind the intake takes (what a body of
 *   tiny items costs): a datadog span that is one empty msgpack map, decoded and translated; an
 *   OTLP span with only its ids (28 bytes; a smaller one is refused for its ids after decoding);
 *   an empty OTLP log record (2 bytes).
 * - `heapPerWireByte`: heap bytes held per body byte for realistic bodies (the benchmark corpus:
 *   ~530 wire bytes per datadog span, ~650 per OTLP span, ~245 per log record).
 */
export interface ItemCost {
  heapPerItem: number;
  heapPerWireByte: number;
}

export const ITEM_COST = {
  datadog: { heapPerItem: 1675, heapPerWireByte: 4.5 },
  otlpTraces: { heapPerItem: 1107, heapPerWireByte: 2.78 },
  otlpLogs: { heapPerItem: 305, heapPerWireByte: 2.67 },
} as const satisfies Record<string, ItemCost>;

/**
 * Realistic items vary around the corpus; twice its allowance lets through bodies of items half
 * its size, while a body of the cheapest items still costs at most twice a realistic full one.
 */
const HEADROOM = 2;

/**
 * The default item cap: as many items as make a body of the cheapest items cost (in heap) what
 * a realistic body at the byte cap costs, times the headroom:
 *
 *   max_request_items = max_request_body_size × heapPerWireByte × 2 / heapPerItem
 *
 * (datadog at 25 MiB: 140,853; otlp at 20 MiB: 105,333 spans, 367,140 log records). Without it a
 * 3 KB gzip body of 3M one-byte spans expands to ~5 GB of objects.
 */
export function defaultMaxItems(maxBodyBytes: number, cost: ItemCost): number {
  return Math.floor((maxBodyBytes * cost.heapPerWireByte * HEADROOM) / cost.heapPerItem);
}

/** A receiver's limits from its config keys; `max_request_items: 0` (the default) means derived. */
export function requestLimits(maxBodyBytes: number, maxItems: number, cost: ItemCost): RequestLimits {
  return { maxBodyBytes, maxItems: maxItems > 0 ? maxItems : defaultMaxItems(maxBodyBytes, cost) };
}

export function tooManyItems(limit: number): BodyError {
  return new BodyError(413, `request body holds more than max_request_items (${limit}) items`);
}

/**
 * The items one request may still decode. Decoders take a declared length before allocating
 * for it (a msgpack array header), or each item as they meet it (protobuf has no counts), so a
 * body is refused at the first header that would take it over the cap.
 */
export class ItemBudget {
  private left: number;

  constructor(readonly max: number) {
    this.left = max;
  }

  take(n: number): void {
    this.left -= n;
    if (this.left < 0) throw tooManyItems(this.max);
  }
}

/** No cap: for callers that decode trusted bytes (tests, benchmarks). */
export const unlimited = (): ItemBudget => new ItemBudget(Number.MAX_SAFE_INTEGER);
