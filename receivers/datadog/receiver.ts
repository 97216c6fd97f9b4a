import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Component, CreateSettings, Host } from '../../src/component/component';
import type { TracesConsumer } from '../../src/consumer/consumer';
import { ResourceCache } from '../../src/data/resource';
import { feedTraceIndex } from '../../extensions/trace_index/host';
import { listen, splitHostPort } from '../../src/net/listen';
import { infoBody } from './answers';
import { createIntakeApp } from './app';
import type { DatadogConfig } from './config';
import { ReceiverTelemetry } from './telemetry';

/** The `datadog` receiver: an HTTP listener speaking the Datadog agent's trace intake. */
export class DatadogReceiver implements Component {
  private server: Server | undefined;
  private info = '';
  private stopped = false;

  constructor(
    private readonly set: CreateSettings,
    private readonly cfg: DatadogConfig,
    private readonly next: TracesConsumer,
  ) {}

  /** The bound address once started (port 0 in tests picks a free port). */
  address(): AddressInfo | undefined {
    const a = this.server?.address();
    return a && typeof a === 'object' ? a : undefined;
  }

  async start(bridge: Host): Promise<void> {
    if (this.server || this.stopped) return;
    const { host, port } = splitHostPort(this.cfg.endpoint);
    const { listener } = createIntakeApp({
      maxBodyBytes: this.cfg.max_request_body_size,
      next: feedTraceIndex(bridge, this.next),
      resources: new ResourceCache(),
      telemetry: new ReceiverTelemetry(this.set.metrics, this.set.id),
      logger: this.set.logger,
      info: () => this.info,
    });
    const server = createServer(listener);
    server.requestTimeout = this.cfg.read_timeout;
    server.headersTimeout = Math.min(this.cfg.read_timeout, 60_000);
    await listen(server, host, port);
    server.on('error', (err) => this.set.logger.error({ err: err.message }, 'Datadog intake server error'));
    server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
    this.server = server;
    const bound = this.address();
    this.info = infoBody({
      port: bound?.port ?? port,
      maxRequestBytes: this.cfg.max_request_body_size,
      readTimeoutMs: this.cfg.read_timeout,
    });
    const address = `${host.includes(':') ? `[${host}]` : host}:${bound?.port ?? port}`;
    this.set.logger.info({ address }, `Datadog intake listening on ${address}`);
  }

  /** Stops accepting, lets requests in flight finish (they wait for the pipeline), then returns. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }
}
