/**
 * The OTLP/HTTP receiver: POST /v1/traces and /v1/logs in protobuf or JSON, optionally
 * gzip-compressed, decoded into the data model every receiver produces. It answers only after
 * the pipeline accepted the data, mapping refusals to 503 + Retry-After (retry later),
 * permanent errors and bad input to 400, and answers in the encoding of the request.
 */
import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Component, CreateSettings, Host, ReceiverConsumers } from '../../src/component/component';
import type { Consumer, Signal } from '../../src/consumer/consumer';
import { errorMessage, isPermanent, RefusedError } from '../../src/consumer/errors';
import { decodeLogRecords, decodeSpans } from '../../src/otlp/decode';
import { feedTraceIndex } from '../../extensions/trace_index/host';
import type { Encoding } from '../../src/otlp/encode';
import { RECEIVER_ITEM_LABELS } from '../../src/telemetry/instrument';
import { RateLimitedLog } from '../../src/telemetry/logger';
import { itemNoun } from '../../src/telemetry/signals';
import { listen, splitHostPort } from '../../src/net/listen';
import { BodyError, readBody } from './body';
import type { Config } from './config';
import { encodeStatus, SUPPORTED_TYPES } from './status';

export class OtlpReceiver implements Component {
  private server?: Server;
  /** `host:port` actually bound (port 0 in the config picks a free port). */
  address?: string;
  private readonly warn: RateLimitedLog;

  constructor(
    private readonly set: CreateSettings,
    private readonly cfg: Config,
    private readonly next: ReceiverConsumers,
  ) {
    this.warn = new RateLimitedLog(set.logger);
  }

  async start(bridge?: Host): Promise<void> {
    if (this.server) return;
    const http = this.cfg.protocols.http;
    const app = express();
    app.disable('x-powered-by');
    if (this.next.traces) app.all(http.traces_url_path, this.handler('traces', bridge ? feedTraceIndex(bridge, this.next.traces) : this.next.traces, decodeSpans));
    if (this.next.logs) app.all(http.logs_url_path, this.handler('logs', this.next.logs, decodeLogRecords));
    app.use((_req, res) => res.status(404).type('text/plain').send('not found: OTLP/HTTP paths are /v1/traces and /v1/logs\n'));
    const { host, port } = splitHostPort(http.endpoint);
    const server = createServer(app);
    await listen(server, host, port);
    // After startup an 'error' (EMFILE on accept) must not go unheard: with no listener it would throw.
    server.on('error', (err) => this.warn.warn('server-error', { err: errorMessage(err) }, 'OTLP/HTTP server error'));
    this.server = server;
    const a = server.address() as AddressInfo;
    this.address = `${a.address}:${a.port}`;
    this.set.logger.info({ address: this.address }, `OTLP/HTTP receiver listening on ${this.address}`);
  }

  async shutdown(): Promise<void> {
    const s = this.server;
    if (!s) return;
    this.server = undefined;
    // Stop accepting; requests in flight finish (they wait on the pipeline, which still runs).
    await new Promise<void>((r) => {
      s.close(() => r());
      s.closeIdleConnections();
    });
  }

  private handler<T>(signal: Signal, next: Consumer<T>, decode: (b: Uint8Array, e: Encoding) => T[]): express.RequestHandler {
    const noun = itemNoun(signal);
    const labels = { receiver: this.set.id, transport: 'http' };
    const accepted = this.set.metrics.counter(`otelcol_receiver_accepted_${noun}`, 'Items pushed into the pipeline.', RECEIVER_ITEM_LABELS);
    const refused = this.set.metrics.counter(`otelcol_receiver_refused_${noun}`, 'Items the pipeline did not accept.', RECEIVER_ITEM_LABELS);
    const limit = this.cfg.protocols.http.max_request_body_size;
    return async (req, res) => {
      if (req.method !== 'POST') {
        res.status(405).set('allow', 'POST').type('text/plain').send(`method ${req.method} not allowed, use POST\n`);
        return;
      }
      const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      const enc: Encoding | undefined = type === 'application/x-protobuf' ? 'proto' : type === 'application/json' ? 'json' : undefined;
      if (!enc) {
        req.resume();
        res.status(415).type('text/plain').send(`unsupported content type "${type}", supported: ${SUPPORTED_TYPES.join(', ')}\n`);
        return;
      }
      const reply = (status: number, message: string, retryAfter?: number) => {
        if (retryAfter !== undefined) res.set('retry-after', String(retryAfter));
        const [ct, body] = encodeStatus(enc, signal, status, message);
        res.status(status).type(ct).send(body);
      };
      let items: T[];
      try {
        const body = await readBody(req, limit);
        items = body.length === 0 ? [] : decode(body, enc);
      } catch (err) {
        const status = err instanceof BodyError ? err.status : 400;
        this.warn.warn(`bad-${signal}`, { status, err: errorMessage(err) }, 'Rejected an OTLP request.');
        return reply(status, errorMessage(err));
      }
      if (items.length === 0) return reply(200, '');
      try {
        await next.consume(items);
        accepted.inc(labels, items.length);
        reply(200, '');
      } catch (err) {
        refused.inc(labels, items.length);
        if (isPermanent(err)) return reply(400, errorMessage(err));
        const after = err instanceof RefusedError ? err.retryAfterSeconds : 1;
        this.warn.warn(`refused-${signal}`, { items: items.length, err: errorMessage(err) }, 'The pipeline refused data; asking the sender to retry.');
        reply(503, errorMessage(err), after);
      }
    };
  }
}
