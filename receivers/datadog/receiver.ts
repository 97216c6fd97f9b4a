import type { AddressInfo } from 'node:net';
import type { Component, CreateSettings, Host } from '../../src/component/component';
import type { TracesConsumer } from '../../src/consumer/consumer';
import { ResourceCache } from '../../src/data/resource';
import { feedTraceIndex } from '../../extensions/trace_index/host';
import { HttpListener } from '../../src/net/server';
import { ITEM_COST, requestLimits } from '../../src/receiverhelper/limits';
import { connectionErrorCounter } from '../../src/receiverhelper/obsreport';
import { RateLimitedLog } from '../../src/telemetry/logger';
import { infoBody } from './answers';
import { createIntakeApp } from './app';
import type { Config } from './config';
import { ReceiverTelemetry } from './telemetry';

/** The `datadog` receiver: an HTTP listener speaking the Datadog agent's trace intake. */
export class DatadogReceiver implements Component {
  private readonly listener: HttpListener;
  private info = '';
  private started = false;
  private stopped = false;

  constructor(
    private readonly set: CreateSettings,
    private readonly cfg: Config,
    private readonly next: TracesConsumer,
  ) {
    const warn = new RateLimitedLog(set.logger);
    this.listener = new HttpListener({
      transport: cfg.transport,
      socketMode: cfg.socket_mode,
      readTimeoutMs: cfg.read_timeout,
      backlog: cfg.backlog,
      onConnectionError: connectionErrorCounter(set.metrics, set.id),
      onError: (err) => warn.warn('server-error', { err: err.message }, 'The listening socket reported an error'),
    });
  }

  /** The bound TCP address once started (port 0 in tests picks a free port); undefined for a Unix socket. */
  address(): AddressInfo | undefined {
    return this.listener.tcpAddress();
  }

  async start(bridge: Host): Promise<void> {
    if (this.started || this.stopped) return;
    this.started = true;
    const { listener } = createIntakeApp({
      limits: requestLimits(this.cfg.max_request_body_size, this.cfg.max_request_items, ITEM_COST.datadog),
      next: feedTraceIndex(bridge, this.next),
      resources: new ResourceCache(),
      telemetry: new ReceiverTelemetry(this.set.metrics, this.set.id),
      logger: this.set.logger,
      info: () => this.info,
    });
    let address: string;
    try {
      address = await this.listener.start(this.cfg.endpoint, listener);
    } catch (err) {
      this.started = false;
      throw err;
    }
    this.info = infoBody({
      port: this.address()?.port ?? 0,
      socket: this.cfg.transport === 'unix' ? address : '',
      maxRequestBytes: this.cfg.max_request_body_size,
      readTimeoutMs: this.cfg.read_timeout,
    });
    this.set.logger.info({ address }, `Datadog intake listening on ${address}`);
  }

  /** Stops accepting, lets requests in flight finish (they wait for the pipeline), then returns. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    await this.listener.stop();
  }
}
