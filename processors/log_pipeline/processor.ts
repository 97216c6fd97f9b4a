import type { Processor } from '../../src/component/component';
import type { Consumer, LogRecord } from '../../src/consumer/consumer';
import { ResourceCache } from '../../src/data/resource';
import { RateLimitedLog, type Logger } from '../../src/telemetry/logger';
import type { Metrics } from '../../src/telemetry/metrics';
import { pointToRecord, type MapPoint } from './mapping';

export interface RunOutcome extends MapPoint {
  dropped: boolean;
  error?: string;
}

/** A compiled script, ready to run on one line. */
export interface Runner {
  run(message: string): RunOutcome;
}

/** Which records a script applies to: an attribute (for example `log.file.path`) matching a regex. */
export interface Route {
  attribute?: string;
  pattern?: RegExp;
  runner: Runner;
  name: string;
}

/**
 * Runs a Pipeline script on each record's body and maps the resulting point onto the record.
 * The first route whose attribute matches wins; a route without a pattern matches everything.
 * Records no route matches, and records whose body is not text, pass through unchanged.
 */
export class LogPipelineProcessor implements Processor<LogRecord> {
  private readonly resources = new ResourceCache();
  private readonly warn: RateLimitedLog;
  private readonly dropped;
  private readonly failed;

  constructor(
    private readonly next: Consumer<LogRecord>,
    private readonly routes: Route[],
    private readonly opts: { id: string; logger: Logger; metrics: Metrics },
  ) {
    this.warn = new RateLimitedLog(opts.logger);
    this.dropped = opts.metrics.counter('otelcol_processor_log_pipeline_dropped_log_records', 'Records a script dropped with drop()', ['processor']);
    this.failed = opts.metrics.counter('otelcol_processor_log_pipeline_script_errors', 'Records whose script stopped with a runtime error (forwarded as far as it got)', ['processor', 'script']);
  }

  async start(): Promise<void> {}
  async shutdown(): Promise<void> {}

  private routeFor(r: LogRecord): Route | undefined {
    for (const route of this.routes) {
      if (!route.pattern) return route;
      const v = route.attribute ? r.attributes[route.attribute] : undefined;
      if (typeof v === 'string' && route.pattern.test(v)) return route;
    }
    return undefined;
  }

  consume(batch: LogRecord[]): Promise<void> {
    const out: LogRecord[] = [];
    let dropped = 0;
    for (const r of batch) {
      const route = typeof r.body === 'string' ? this.routeFor(r) : undefined;
      if (!route) {
        out.push(r);
        continue;
      }
      let outcome: RunOutcome;
      try {
        outcome = route.runner.run(r.body as string);
      } catch (err) {
        // The interpreter reports runtime errors in its result; a throw is a bug, and must not lose the line.
        this.failed.inc({ processor: this.opts.id, script: route.name });
        this.warn.warn(`crash:${route.name}`, { script: route.name, err: String(err) }, 'script crashed; record forwarded unchanged');
        out.push(r);
        continue;
      }
      if (outcome.dropped) {
        dropped++;
        continue;
      }
      if (outcome.error) {
        this.failed.inc({ processor: this.opts.id, script: route.name });
        this.warn.warn(`error:${route.name}`, { script: route.name, err: outcome.error }, 'script stopped with an error; record forwarded as far as it got');
      }
      out.push(pointToRecord(r, outcome, this.resources));
    }
    if (dropped) this.dropped.inc({ processor: this.opts.id }, dropped);
    return out.length ? this.next.consume(out) : Promise.resolve();
  }
}
