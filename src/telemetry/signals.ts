import type { Signal } from '../consumer/consumer';

/** The Collector's item noun per signal, used in metric names (`accepted_spans`, `accepted_log_records`). */
export function itemNoun(signal: Signal): string {
  return signal === 'traces' ? 'spans' : 'log_records';
}
