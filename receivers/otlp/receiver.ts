/**
 * The OTLP receiver. OTLP/HTTP: POST /v1/traces and /v1/logs in protobuf or JSON, optionally
 * gzip-compressed, decoded into the data model every receiver produces. It answers only after
 * the pipeline accepted the data, mapping refusals to 503 + Retry-After (retry later),
 * permanent errors and bad input to 400, and answers in the encoding of the request.
 * OTLP/gRPC is served beside it by grpc.ts, through the same decoders.
 */
import type express from 'express';
import type { Component, CreateSettings, Host, ReceiverConsumers } from '../../src/component/component';
import type { Consumer, Signal } from '../../src/consumer/consumer';
import { HttpListener } from '../../src/net/server';
import { feedTraceIndex } from '../../extensions/trace_index/host';
import { decodeLogRecords, decodeLogRecordSteps, decodeSpans, decodeSpanSteps } from '../../src/otlp/decode';
import type { Encoding } from '../../src/otlp/encode';
import { mediaType, readBody, unsupportedContentType } from '../../src/receiverhelper/body';
import { ITEM_COST, ItemBudget, requestLimits, type ItemCost } from '../../src/receiverhelper/limits';
import { connectionErrorCounter, ObsReport } from '../../src/receiverhelper/obsreport';
import { admitDecode } from '../../src/receiverhelper/pressure';
import { runSliced, type Steps } from '../../src/receiverhelper/slices';
import { canAnswer, setAnswerHeaders, statusFor, statusForInput, type HttpAnswer } from '../../src/receiverhelper/status';
import { RateLimitedLog } from '../../src/telemetry/logger';
import type { Config } from './config';
import type { GrpcServer } from './grpc';
import { encodeStatus, SUPPORTED_TYPES } from './status';

const OK: HttpAnswer = { status: 200, message: '' };

export class OtlpReceiver implements Component {
  private readonly listener?: HttpListener;
  private readonly grpc?: GrpcServer;
  /** `host:port` actually bound by OTLP/HTTP (port 0 in the config picks a free port), or the socket's path. */
  address?: string;
  private readonly warn: RateLimitedLog;
  /** What both transports deliver to; the traces consumer also feeds the trace index once started. */
  private readonly consumers: ReceiverConsumers;

  /** `host:port` actually bound by OTLP/gRPC. */
  get grpcAddress(): string | undefined {
    return this.grpc?.address;
  }

  constructor(
    private readonly set: CreateSettings,
    private readonly cfg: Config,
    private readonly next: ReceiverConsumers,
  ) {
    this.warn = new RateLimitedLog(set.logger);
    this.consumers = { ...next };
    const { grpc, http } = cfg.protocols;
    // Loaded only when configured: @grpc/grpc-js holds ~5 MiB resident once required.
    if (grpc) this.grpc = new (require('./grpc') as typeof import('./grpc')).GrpcServer(set, grpc, this.consumers, { traces: decodeSpans, logs: decodeLogRecords });
    if (!http) return;
    this.listener = new HttpListener({
      transport: http.transport,
      socketMode: http.socket_mode,
      readTimeoutMs: http.read_timeout,
      backlog: http.backlog,
      onConnectionError: connectionErrorCounter(set.metrics, set.id),
      onError: (err) => this.warn.warn('server-error', { err: err.message }, 'The listening socket reported an error'),
    });
  }

  async start(bridge?: Host): Promise<void> {
    // Every trace receiver feeds the bridge's trace index, so log lines can complete 64-bit ids.
    if (bridge && this.next.traces && this.consumers.traces === this.next.traces) this.consumers.traces = feedTraceIndex(bridge, this.next.traces);
    const http = this.cfg.protocols.http;
    if (http && !this.address) await this.startHttp(http);
    await this.grpc?.start();
  }

  private async startHttp(http: NonNullable<Config['protocols']['http']>): Promise<void> {
    // Loaded here, not at startup: a bridge without OTLP/HTTP never pays for Express.
    const app = (require('express') as typeof express)();
    app.disable('x-powered-by');
    const { traces, logs } = this.consumers;
    if (traces) app.all(http.traces_url_path, this.handler('traces', traces, decodeSpanSteps, ITEM_COST.otlpTraces));
    if (logs) app.all(http.logs_url_path, this.handler('logs', logs, decodeLogRecordSteps, ITEM_COST.otlpLogs));
    app.use((_req, res) => res.status(404).type('text/plain').send('not found: OTLP/HTTP paths are /v1/traces and /v1/logs\n'));
    this.address = await this.listener!.start(http.endpoint, app);
    this.set.logger.info({ address: this.address }, `OTLP/HTTP receiver listening on ${this.address}`);
  }

  /** Stops accepting; requests in flight finish (they wait on the pipeline, which still runs). */
  async shutdown(): Promise<void> {
    await Promise.all([this.listener?.stop(), this.grpc?.stop()]);
  }

  private handler<T>(signal: Signal, next: Consumer<T>, decode: (b: Uint8Array, e: Encoding, budget: ItemBudget) => Steps<T[]>, cost: ItemCost): express.RequestHandler {
    const obs = new ObsReport(this.set.metrics, this.set.id, 'http', signal);
    const http = this.cfg.protocols.http!;
    const limits = requestLimits(http.max_request_body_size, http.max_request_items, cost);
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
        // A process over its memory limit neither buffers nor decodes the body.
        admitDecode();
        const body = await readBody(req, limits);
        if (body.length === 0) items = [];
        else {
          admitDecode();
          items = await runSliced(decode(body, enc, new ItemBudget(limits.maxItems)), admitDecode);
        }
      } catch (err) {
        if (!req.complete) req.resume();
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
