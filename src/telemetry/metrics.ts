import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Own metrics with the Collector's names (Prometheus adds `_total` to counters, as the
 * Collector's Prometheus output does). One registry per collector instance, so several
 * collectors in one test process do not share counters.
 */
export class Metrics {
  readonly registry = new Registry();
  private counters = new Map<string, Counter<string>>();
  private labelSets = new Map<string, readonly string[]>();
  private gauges = new Map<string, Gauge<string>>();
  private histograms = new Map<string, Histogram<string>>();

  constructor(opts: { processMetrics?: boolean } = {}) {
    if (opts.processMetrics) {
      // The event-loop delay sampler is a libuv timer: at prom-client's default 10 ms it wakes an
      // idle process 100 times a second (~0.4 % of a core); 10 samples a second still give the
      // lag percentiles.
      collectDefaultMetrics({ register: this.registry, prefix: 'otelcol_', eventLoopMonitoringPrecision: 100 });
    }
  }

  /**
   * `name` without `_total`; label names are fixed by the first caller. A later caller may use
   * fewer labels but not others: prom-client would throw at every `inc` with an unknown label,
   * so that mismatch is reported here, when the component is created.
   */
  counter(name: string, help: string, labelNames: readonly string[]): Counter<string> {
    const full = `${name}_total`;
    let c = this.counters.get(full);
    if (!c) {
      c = new Counter({ name: full, help, labelNames: [...labelNames], registers: [this.registry] });
      this.counters.set(full, c);
      this.labelSets.set(full, labelNames);
    } else {
      this.checkLabels(full, labelNames);
    }
    return c;
  }

  private checkLabels(name: string, labelNames: readonly string[]): void {
    const have = this.labelSets.get(name) ?? [];
    const extra = labelNames.filter((l) => !have.includes(l));
    if (extra.length > 0) {
      throw new Error(`metric ${name} is registered with labels [${have.join(', ')}]; another registration adds [${extra.join(', ')}]: use one shared label set`);
    }
  }

  /** `collect` runs at each scrape, for gauges read from state rather than updated by events. */
  gauge(name: string, help: string, labelNames: string[], collect?: (g: Gauge<string>) => void): Gauge<string> {
    let g = this.gauges.get(name);
    if (!g) {
      g = new Gauge({
        name, help, labelNames, registers: [this.registry],
        collect: collect ? function (this: Gauge<string>) { collect(this); } : undefined,
      });
      this.gauges.set(name, g);
    }
    return g;
  }

  histogram(name: string, help: string, labelNames: string[], buckets: number[]): Histogram<string> {
    let h = this.histograms.get(name);
    if (!h) {
      h = new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
      this.histograms.set(name, h);
    }
    return h;
  }

  /** Current value of a counter or gauge series, for tests and status pages. */
  async value(name: string, labels: Record<string, string> = {}): Promise<number> {
    const metric = this.registry.getSingleMetric(name);
    if (!metric) return 0;
    const data = await metric.get();
    let sum = 0;
    for (const v of data.values) {
      if (Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want)) sum += v.value;
    }
    return sum;
  }
}
