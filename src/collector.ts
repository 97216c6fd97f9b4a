/** The collector's lifecycle: the graph started in order and shut down in reverse within a deadline. */
import type { CollectorStatus, Host } from './component/component';
import type { CollectorConfig } from './config/model';
import { errorMessage } from './consumer/errors';
import { buildGraph, type Graph, type Node } from './graph/graph';
import type { Logger } from './telemetry/logger';
import type { Metrics } from './telemetry/metrics';
import { withDeadline } from './util/deadline';

export interface CollectorOptions {
  logger: Logger;
  metrics: Metrics;
  /** How long shutdown may take in all before the rest is abandoned (ms). */
  shutdownTimeoutMs?: number;
}

/**
 * Owns the lifecycle: build the graph, start it in order, shut it down in reverse with a
 * deadline. A failed start shuts down whatever already started and rethrows, naming the
 * component once: components report start errors relative to themselves (`tls::ca_file: …`).
 */
export class Collector implements Host {
  private graph: Graph | undefined;
  private started: Node[] = [];
  private state: CollectorStatus = 'starting';
  private shutdownPromise: Promise<void> | undefined;
  private starting: Promise<void> | undefined;
  private readonly stopSignal = new AbortController();

  constructor(
    private readonly config: CollectorConfig,
    private readonly opts: CollectorOptions,
  ) {}

  status(): CollectorStatus {
    return this.state;
  }

  get stopping(): AbortSignal {
    return this.stopSignal.signal;
  }

  getExtension(id: string) {
    return this.graph?.extensions.get(id);
  }

  async start(): Promise<void> {
    const { logger } = this.opts;
    this.graph = buildGraph(this.config, logger, this.opts.metrics);
    let failure: Error | undefined;
    this.starting = (async () => {
      for (const node of this.graph!.startOrder) {
        // A signal during startup: start nothing more; shutdown stops what did start.
        if (this.shutdownPromise) return;
        try {
          await node.component.start(this);
          this.started.push(node);
        } catch (err) {
          // Reported once, by whoever called start (run.ts logs it).
          failure = new Error(`${node.kind} "${node.id}" failed to start: ${errorMessage(err)}`);
          return;
        }
      }
    })();
    await this.starting;
    if (failure) {
      await this.shutdown();
      throw failure;
    }
    if (this.shutdownPromise) return;
    this.state = 'running';
    logger.info({ pipelines: [...this.config.service.pipelines.keys()] }, 'Everything is ready; begin running and processing data');
  }

  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.doShutdown();
    return this.shutdownPromise;
  }

  private async doShutdown(): Promise<void> {
    const { logger } = this.opts;
    this.state = 'stopping';
    this.stopSignal.abort();
    // Let a component that is starting finish, so that it is shut down too, not left running.
    await this.starting;
    const deadline = Date.now() + (this.opts.shutdownTimeoutMs ?? 30000);
    for (const node of [...this.started].reverse()) {
      try {
        if (!(await withDeadline(node.component.shutdown(), deadline - Date.now()))) {
          logger.error({ component: node.key }, 'Shutdown deadline passed; abandoning this component');
        }
      } catch (err) {
        logger.error({ component: node.key, err: errorMessage(err) }, 'Component failed to shut down cleanly');
      }
    }
    this.started = [];
    this.state = 'stopped';
  }
}
