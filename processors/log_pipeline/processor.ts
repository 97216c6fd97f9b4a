/** The `log_pipeline` processor: a Pipeline script per record, its point mapped onto the record, and the record joined to its trace. */
import type { CreateSettings, Host, Processor } from '../../src/component/component';
import type { Consumer, LogRecord } from '../../src/consumer/consumer';
import { ResourceCache } from '../../src/data/resource';
import { RecordSlabs } from '../../src/otlp/encoded-log';
import type { CompiledScript, RunMapsResult } from '../../src/lang';
import { RateLimitedLog } from '../../src/telemetry/logger';
import { JoinAccounting } from './accounting';
import type { BudgetReport } from './budget';
import { Joiner, type Ticket } from './join';
import { pointToEncoded, pointToRecord, type MappedIds } from './mapping';
import { DEFAULT_WINDOW_BOUNDS, RecordWindows, type WindowBounds } from './windows';

function lineLengthOf(r: LogRecord): number {
  return typeof r.body === 'string' ? r.body.length : 0;
}

/** Which records a script applies to: an attribute (for example `log.file.path`) matching a regex. */
export interface Route {
  attribute?: string;
  pattern?: RegExp;
  script: CompiledScript;
}

/**
 * Runs a Pipeline script on each record's body and maps the resulting point onto the record.
 * The first route whose attribute matches wins; a route without a pattern matches everything.
 * Records no route matches, and records whose body is not text, keep their fields. Every record
 * then joins its trace (see join.ts); one whose trace has not arrived may wait for it, and the
 * batch is acknowledged when all its records were delivered. Records a script dropped inside a
 * point window are held (windows.ts): their own batch is acknowledged without them, as for any
 * dropped record, and when a hit releases them they travel with the hitting batch and its ack.
 */
export class LogPipelineProcessor implements Processor<LogRecord> {
  private readonly resources = new ResourceCache();
  /** Where mapped records are written as OTLP bytes (see pointToEncoded). */
  private readonly slabs = new RecordSlabs();
  private readonly warn: RateLimitedLog;
  private readonly dropped;
  private readonly failed;
  private readonly accounting: JoinAccounting;
  private readonly joiner: Joiner;
  private readonly windows: RecordWindows;
  /** Reused for every record: what the mapping says of its trace id. */
  private readonly ids: MappedIds = { ids: false, lowHi: 0, lowLo: 0 };

  constructor(
    private readonly next: Consumer<LogRecord>,
    private readonly routes: Route[],
    private readonly set: CreateSettings,
    /** The trace_index extension id named in the config, if any. */
    private readonly traceIndex?: string,
    /** Told of matches the per-record time budget cut off. */
    private readonly reportBudget?: BudgetReport,
    windowBounds: WindowBounds = DEFAULT_WINDOW_BOUNDS,
  ) {
    this.warn = new RateLimitedLog(set.logger);
    this.dropped = set.metrics.counter('otelcol_processor_log_pipeline_dropped_log_records', 'Records a script dropped with drop()', ['processor']);
    this.failed = set.metrics.counter('otelcol_processor_log_pipeline_script_errors', 'Records whose script stopped with a runtime error (forwarded as far as it got)', ['processor', 'script']);
    this.accounting = new JoinAccounting({ processor: set.id, pipeline: set.pipeline ?? '', logger: set.logger, metrics: set.metrics });
    this.joiner = new Joiner(this.accounting, (records) => this.next.consume(records));
    this.windows = new RecordWindows(windowBounds, set);
  }

  async start(host: Host): Promise<void> {
    await this.joiner.attach(host, this.set, this.traceIndex);
    this.windows.start();
  }

  /** Drops what point windows hold; hands on the records still waiting for their trace, then stops holding new ones. */
  async shutdown(): Promise<void> {
    this.windows.shutdown();
    await this.joiner.close();
  }

  private routeFor(r: LogRecord): Route | undefined {
    for (const route of this.routes) {
      if (!route.pattern) return route;
      const v = route.attribute ? r.attributes[route.attribute] : undefined;
      if (typeof v === 'string' && route.pattern.test(v)) return route;
    }
    return undefined;
  }

  consume(batch: LogRecord[]): Promise<void> {
    const ready: LogRecord[] = [];
    let dropped = 0;
    let ticket: Ticket | undefined;
    const ticketFor = () => (ticket ??= this.joiner.ticket());
    const now = Date.now();
    const join = (out: LogRecord, mapped: MappedIds | undefined, lineLength: number, scriptFailed: boolean) => {
      const joined = this.joiner.join(out, mapped, lineLength, scriptFailed, now, ticketFor);
      if (joined) ready.push(joined);
    };
    for (const r of batch) {
      const route = typeof r.body === 'string' ? this.routeFor(r) : undefined;
      let out = r;
      let mapped: MappedIds | undefined;
      let scriptFailed = false;
      if (route) {
        const point = this.run(route, r.body as string);
        if (point?.window) {
          // Mapped even when dropped: a hit may forward it later, as the record it would have been.
          out = pointToRecord(r, point, this.resources, this.ids);
          // Released records were mapped earlier: their ids are read back from the record, not this.ids.
          for (const held of this.windows.settle(point.window, route.script.name, r, out, point.dropped)) join(held, undefined, lineLengthOf(held), false);
        }
        if (point?.dropped) {
          dropped++;
          continue;
        }
        scriptFailed = point === undefined || point.error !== undefined;
        if (point) {
          if (!point.window) out = pointToEncoded(r, point, this.resources, this.slabs, this.ids);
          mapped = this.ids;
        }
      }
      join(out, mapped, lineLengthOf(r), scriptFailed);
    }
    if (dropped) this.dropped.inc({ processor: this.set.id }, dropped);
    this.accounting.flush(now);
    const sent = ready.length ? this.next.consume(ready) : undefined;
    const t = ticket as Ticket | undefined;
    if (!t) return sent ?? Promise.resolve();
    if (sent) t.track(sent);
    t.seal();
    return t.promise;
  }

  /** The point, or undefined when the interpreter threw (a defect: the line goes on unchanged). */
  private run(route: Route, line: string): RunMapsResult | undefined {
    const name = route.script.name;
    let point: RunMapsResult;
    try {
      point = route.script.runMaps({ message: line });
    } catch (err) {
      this.failed.inc({ processor: this.set.id, script: name });
      this.warn.warn(`crash:${name}`, { script: name, err: String(err) }, 'The script crashed; the record goes on unchanged');
      return undefined;
    }
    if (point.budgetExceeded !== undefined) this.reportBudget?.(name, point.budgetExceeded);
    if (point.error !== undefined && !point.dropped) {
      this.failed.inc({ processor: this.set.id, script: name });
      this.warn.warn(`error:${name}`, { script: name, err: point.error }, 'The script stopped with an error; the record goes on as far as it got');
    }
    return point;
  }
}
