import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Span, TracesConsumer } from '../../src/consumer/consumer';
import { errorMessage, RefusedError } from '../../src/consumer/errors';
import type { ResourceCache } from '../../src/data/resource';
import { BodyError, mediaType, readBody, unsupportedContentType, type RequestLimits } from '../../src/receiverhelper/body';
import { ItemBudget } from '../../src/receiverhelper/limits';
import { admitDecode } from '../../src/receiverhelper/pressure';
import { runSliced, type Steps } from '../../src/receiverhelper/slices';
import { canAnswer, setAnswerHeaders, statusFor, type HttpAnswer } from '../../src/receiverhelper/status';
import { pathOf, routeKey } from '../../src/net/routes';
import { RateLimitedLog, type Logger } from '../../src/telemetry/logger';
import { AGENT_VERSION, RATES_BODY, RATES_VERSION, TRACE_ENDPOINTS, agentState, otherPath, otherPathNotice, type OtherPath } from './answers';
import { DecodeError, decodeTraceSteps, type BodyFormat, type TraceVersion } from './decode';
import { ReceiverTelemetry } from './telemetry';
import { translateSteps, type RequestOrigin, type Translation } from './translate';

export interface AppOptions {
  limits: RequestLimits;
  next: TracesConsumer;
  resources: ResourceCache;
  telemetry: ReceiverTelemetry;
  logger: Logger;
  /** The `/info` body; a function because the port is known only once listening. */
  info: () => string;
}

function header(req: IncomingMessage, name: string): string {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

/** v0.3/v0.4 body format from the media type, as the agent reads it. */
function bodyFormat(type: string): BodyFormat {
  if (type === 'application/msgpack' || type === 'application/x-msgpack') return 'msgpack';
  if (type === '' || type === 'application/json' || type === 'text/json') return 'json';
  return 'sniff';
}

function isJsonType(type: string): boolean {
  return type === 'application/json' || type === 'text/json';
}

/**
 * The Datadog intake as a request listener. Trace requests are answered only after the pipeline
 * accepted (or refused) the spans; every outcome is counted; no body can make a handler throw
 * past its catch. Paths match as the agent's router (and Express) match them: without the query,
 * in any case, with or without a trailing slash.
 */
export function createIntakeApp(o: AppOptions): { listener: RequestListener } {
  const warn = new RateLimitedLog(o.logger);
  let state = '';
  let stateFor = '';
  const agentHeaders = (res: ServerResponse): void => {
    const info = o.info();
    if (info !== stateFor) {
      stateFor = info;
      state = agentState(info);
    }
    res.setHeader('Datadog-Agent-Version', AGENT_VERSION);
    res.setHeader('Datadog-Agent-State', state);
  };
  /** Writes the answer unless there is nobody left to answer (see canAnswer); callers check first. */
  const send = (res: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void => {
    agentHeaders(res);
    res.statusCode = status;
    res.setHeader('Content-Type', contentType);
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
  };

  const info = (res: ServerResponse): void => {
    if (canAnswer(res)) send(res, 200, o.info(), 'application/json');
  };

  const traceHandler = (version: TraceVersion, endpoint: string) => (req: IncomingMessage, res: ServerResponse) => {
    handleTraces(version, endpoint, req, res).catch((err) => {
      // Only a bug reaches here; the client still gets an answer and the process stays up.
      o.logger.error({ err: errorMessage(err), endpoint }, 'Unexpected error in the trace intake');
      if (canAnswer(res)) send(res, 500, `internal error: ${errorMessage(err)}\n`);
    });
  };

  const handleTraces = async (version: TraceVersion, endpoint: string, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const lang = ReceiverTelemetry.language(req.headers['datadog-meta-lang']);
    const answer = (status: number, body: string, contentType?: string): void => {
      if (!canAnswer(res)) return;
      o.telemetry.request(endpoint, lang, status);
      send(res, status, body, contentType);
    };
    const answerError = (a: HttpAnswer, body = a.message): void => {
      if (!canAnswer(res)) return;
      setAnswerHeaders(res, a);
      answer(a.status, body + '\n');
    };
    const ok = (): void => {
      if (!canAnswer(res)) return;
      if (version === 'v0.3') return answer(200, 'OK\n');
      res.setHeader('Datadog-Rates-Payload-Version', RATES_VERSION);
      answer(200, header(req, 'datadog-rates-payload-version') === RATES_VERSION ? '{}' : RATES_BODY, 'application/json');
    };

    const type = mediaType(req);
    if ((version === 'v0.5' || version === 'v0.7') && isJsonType(type)) {
      // The agent reads these as msgpack whatever the type says; a 415 tells dd-trace-py to
      // fall back to v0.4, which does take JSON.
      req.resume();
      return answerError(statusFor(unsupportedContentType(type, ['application/msgpack'], 'send JSON to /v0.4/traces')));
    }

    // The body and the spans are let go as soon as they are handed on: the handler itself waits
    // for the export, and buffers it kept until then would outlive the young generation and wait
    // for a full collection (at saturation, they were what set the pace of full collections).
    let body: Buffer | undefined;
    try {
      // A process over its memory limit neither buffers nor decodes the body.
      admitDecode();
      body = await readBody(req, o.limits);
    } catch (err) {
      if (!req.complete) req.resume();
      return answerError(statusFor(err));
    }
    // An empty body holds no traces (some tracers probe endpoints this way): nothing to do.
    if (body.length === 0) return ok();

    const bytes = body.length;
    let spans: Span[] | undefined;
    try {
      admitDecode();
      const format = version === 'v0.3' || version === 'v0.4' ? bodyFormat(type) : 'msgpack';
      const origin: RequestOrigin = {
        language: header(req, 'datadog-meta-lang'),
        languageVersion: header(req, 'datadog-meta-lang-version'),
        interpreter: header(req, 'datadog-meta-lang-interpreter'),
        tracerVersion: header(req, 'datadog-meta-tracer-version'),
        containerId: header(req, 'datadog-container-id') || entityContainer(header(req, 'datadog-entity-id')),
      };
      const steps = decodeAndTranslate(version, format, body, new ItemBudget(o.limits.maxItems), origin, o.resources);
      body = undefined;
      spans = await translated(endpoint, steps);
    } catch (err) {
      if (err instanceof BodyError || err instanceof RefusedError) {
        const a = statusFor(err);
        warn.warn(`refused:${endpoint}`, { endpoint, status: a.status, reason: a.message, bytes }, 'Refused a trace body before decoding all of it');
        return answerError(a);
      }
      const reason = err instanceof DecodeError ? err.message : `cannot decode body: ${errorMessage(err)}`;
      warn.warn(`decode:${endpoint}`, { endpoint, reason, bytes }, 'Rejected an undecodable trace body');
      return answer(400, reason.replace(/[\r\n]+/g, ' ') + '\n');
    }
    const count = spans.length;
    if (count === 0) return ok();

    try {
      const delivered = o.next.consume(spans);
      spans = undefined;
      await delivered;
    } catch (err) {
      o.telemetry.refuse(endpoint, lang, count);
      const a = statusFor(err);
      return answerError(a, `${a.status === 400 ? 'spans rejected' : 'spans refused, retry later'}: ${a.message}`);
    }
    o.telemetry.accept(endpoint, lang, count);
    ok();
  };

  /** Runs the decoding steps; only the spans outlive this frame, not the translation's other results. */
  const translated = async (endpoint: string, steps: Steps<Translation>): Promise<Span[]> => {
    const t = await runSliced(steps, admitDecode);
    for (const w of t.warnings) {
      o.telemetry.malformed(w.startsWith('events') ? 'events' : '_dd.span_links');
      warn.warn(`malformed:${endpoint}`, { endpoint, reason: w }, 'A span tag could not be read in full');
    }
    return t.spans;
  };

  const traceRoutes = new Map<string, RequestListener>();
  for (const path of TRACE_ENDPOINTS) {
    const handler = traceHandler(path.split('/')[1] as TraceVersion, path);
    traceRoutes.set(routeKey(path), handler);
  }

  // Families already reported: what a tracer loses is worth one line per family, not one per call.
  const noticed = new Set<string>();
  const otherHandler = (p: OtherPath, req: IncomingMessage, res: ServerResponse): void => {
    const lang = ReceiverTelemetry.language(req.headers['datadog-meta-lang']);
    const notice = noticed.has(p.label) ? undefined : otherPathNotice(p, (req.url ?? '').split('?')[0]);
    if (notice) {
      noticed.add(p.label);
      o.logger.info(notice.fields, notice.msg);
    }
    const reply = (status: number, body: string, a?: HttpAnswer, contentType?: string): void => {
      if (!canAnswer(res)) return;
      if (a) setAnswerHeaders(res, a);
      o.telemetry.request(p.label, lang, status);
      send(res, status, body, contentType);
    };
    if (p.status >= 400) return reply(p.status, p.body);
    // Accepted paths: read (within the cap) and discard, so the connection stays usable.
    readBody(req, o.limits).then(
      () => reply(p.status, p.body, undefined, p.contentType),
      (err) => {
        const a = statusFor(err);
        reply(a.status, a.message + '\n', a);
      },
    );
  };
  return {
    listener: (req, res) => {
      const path = pathOf(req.url ?? '');
      // Tracers write the paths as listed: an exact hit spares the normalising.
      const route = traceRoutes.get(path) ?? traceRoutes.get(routeKey(path));
      if (route) return route(req, res);
      if ((req.method === 'GET' || req.method === 'HEAD') && routeKey(path) === '/info') return info(res);
      otherHandler(otherPath(path), req, res);
    },
  };
}

/** Decode then translate, as one piece of work that pauses between spans. */
function* decodeAndTranslate(version: TraceVersion, format: BodyFormat, body: Buffer, budget: ItemBudget, origin: RequestOrigin, resources: ResourceCache): Steps<Translation> {
  const payload = yield* decodeTraceSteps(version, format, body, budget);
  return yield* translateSteps(payload, origin, resources);
}

/** `Datadog-Entity-ID: cid-<container id>`; other forms (inodes) name no container we can report. */
function entityContainer(entity: string): string {
  return entity.startsWith('cid-') ? entity.slice(4) : entity.startsWith('ci-') ? entity.slice(3) : '';
}
