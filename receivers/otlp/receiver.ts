/**
 * The OTLP/HTTP receiver: POST /v1/traces and /v1/logs in protobuf or JSON, optionally
 * gzip-compressed, decoded into the data model every receiver produces. It answers only after
 * the pipeline accepted the data, mapping refusals to 503 + Retry-After (retry later),
 * permanent errors and bad input to 400, and answers in the encoding of the request.
 */
import express from 'express';
import type { Component, CreateSettings, Host, ReceiverConsumers } from '../../src/component/component';
import type { Consumer, Signal } from '../../src/consumer/consumer';
import { HttpListener } from '../../src/net/server';
import { decodeLogRecords, decodeSpans } from '../../src/otlp/decode';
import type { Encoding } from '../../src/otlp/encode';
import { mediaType, readBody, unsupportedContentType } from '../../src/receiverhelper/body';
import { connectionErrorCounter, ObsReport } from '../../src/receiverhelper/obsreport';
import { canAnswer, setAnswerHeaders, statusFor, statusForInput, type HttpAnswer } from '../../src/receiverhelper/status';
import { RateLimitedLog } from '../../src/telemetry/logger';
import type { Config } from './config';
import { encodeStatus, SUPPORTED_TYPES } from './status';

const OK: HttpAnswer = { status: 200, message: '' };

export class OtlpReceiver implements Component {
  private readonly listener: HttpListener;
  /** `host:port` actually bound (port 0 in the config picks a free port), or the socket's path. */
  address?: string;
  private readonly warn: RateLimitedLog;

  constructor(
    private readonly set: CreateSettings,
    private readonly cfg: Config,
    private readonly next: ReceiverConsumers,
  ) {
    this.warn = new RateLimitedLog(set.logger);
    const http = cfg.protocols.http;
    this.listener = new HttpListener({
      transport: http.transport,
      socketMode: http.socket_mode,
      readTimeoutMs: http.read_timeout,
      backlog: http.backlog,
      onConnectionError: connectionErrorCounter(set.metrics, set.id),
      onError: (err) => this.warn.warn('server-error', { err: err.message }, 'The listening socket reported an error'),
    });
  }

  async start(_host?: Host): Promise<void> {
    if (this.address) return;
    const http = this.cfg.protocols.http;
    const app = express();
    app.disable('x-powered-by');
    if (this.next.traces) app.all(http.traces_url_path, this.handler('traces', this.next.traces, decodeSpans));
    if (this.next.logs) app.all(http.logs_url_path, this.handler('logs', this.next.logs, decodeLogRecords));
    app.use((_req, res) => res.status(404).type('text/plain').send('not found: OTLP/HTTP paths are /v1/traces and /v1/logs\n'));
    this.address = await this.listener.start(http.endpoint, app);
    this.set.logger.info({ address: this.address }, `OTLP/HTTP receiver listening on ${this.address}`);
  }

  /** Stops accepting; requests in flight finish (they wait on the pipeline, which still runs). */
  async shutdown(): Promise<void> {
    await this.listener.stop();
  }

  private handler<T>(signal: Signal, next: Consumer<T>, decode: (b: Uint8Array, e: Encoding) => T[]): express.RequestHandler {
    const obs = new ObsReport(this.set.metrics, this.set.id, 'http', signal);
    const limits = { maxBodyBytes: this.cfg.protocols.http.max_request_body_size };
    return async (req, res) => {
      if (req.method !== 'POST') {
        res.status(405).set('allow', 'POST').type('text/plain').send(`method ${req.method} not allowed, use POST\n`);
        return;
      }
      const type = mediaType(req);
      const enc: Encoding | undefined = type === 'application/x-protobuf' ? 'proto' : type === 'application/json' ? 'json' : undefined;
      if (!enc) {
        req.resume();
        const a = statusFor(unsupportedContentType(type, SUPPORTED_TYPES));
        res.status(a.status).type('text/plain').send(a.message + '\n');
        return;
      }
      const reply = (a: HttpAnswer) => {
        if (!canAnswer(res)) return;
        setAnswerHeaders(res, a);
        const [ct, body] = encodeStatus(enc, a.status, a.message);
        res.status(a.status).type(ct).send(body);
      };
      let items: T[];
      try {
        const body = await readBody(req, limits);
        items = body.length === 0 ? [] : decode(body, enc);
      } catch (err) {
        // Nobody to answer: the listener already did (read timeout) or the client left.
        if (!canAnswer(res)) return;
        const a = statusForInput(err);
        this.warn.warn(`bad-${signal}`, { status: a.status, err: a.message }, 'Rejected an OTLP request');
        return reply(a);
      }
      if (items.length === 0) return reply(OK);
      try {
        await next.consume(items);
        obs.accept(items.length);
        reply(OK);
      } catch (err) {
        obs.refuse(items.length);
        const a = statusFor(err);
        if (a.status === 503) this.warn.warn(`refused-${signal}`, { items: items.length, err: a.message }, 'The pipeline refused data; asking the sender to retry');
        reply(a);
      }
    };
  }
}
