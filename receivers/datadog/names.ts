import { SpanKind } from '@opentelemetry/api';
import { metaGet } from './model';

/** Where the name's attributes go (the span's attributes being gathered). */
export interface AttributeSink {
  setKey(key: string, value: string): void;
}

/**
 * Span names the way OTel conventions want them, for the Datadog operation names whose
 * meaning is known (the datadogreceiver's list): HTTP server/client requests, SQL and Redis
 * queries, Spring handlers, gRPC and AWS SDK calls. Everything else keeps its Datadog name.
 * Returns the new name and may add attributes; `kind` is returned when the name implies one.
 */
export function conventionalName(
  name: string,
  resource: string,
  meta: readonly string[],
  error: number,
  attrs: AttributeSink,
): { name: string; kind?: SpanKind } {
  switch (name) {
    case 'servlet.request':
    case 'http.request':
    case 'web.request': {
      const method = metaGet(meta, 'http.method');
      if (!method) return { name };
      const route = metaGet(meta, 'http.route');
      return { name: route ? `${method} ${route}` : method };
    }
    case 'spring.handler':
      return { name: resource || name, kind: SpanKind.INTERNAL };
    case 'postgresql.query':
    case 'redis.query': {
      const summary = metaGet(meta, 'db.query.summary');
      if (summary) return { name: summary };
      const op = metaGet(meta, 'db.operation');
      const target = metaGet(meta, 'db.instance') || metaGet(meta, 'db.namespace') || metaGet(meta, 'peer.hostname');
      if (op && target) return { name: `${op} ${target}` };
      return { name: metaGet(meta, 'db.type') || name };
    }
    case 'grpc.server':
    case 'grpc.client': {
      attrs.setKey('rpc.system.name', 'grpc');
      const status = metaGet(meta, 'grpc.status.code');
      // The gRPC status code when the tracer recorded it; otherwise OK for non-errors. The
      // datadogreceiver writes the `error` flag here, which reads as status 1 (CANCELLED) for
      // every failure.
      if (status !== undefined) attrs.setKey('rpc.response.status_code', status);
      else if (error === 0) attrs.setKey('rpc.response.status_code', '0');
      const full = [metaGet(meta, 'rpc.method'), metaGet(meta, 'rpc.grpc.full_method'), metaGet(meta, 'grpc.method.name'), resource].find(
        (m) => m !== undefined && m.includes('/'),
      );
      if (!full) return { name };
      const trimmed = full.replace(/^\//, '');
      const slash = trimmed.lastIndexOf('/');
      const service = trimmed.slice(0, slash);
      const method = trimmed.slice(slash + 1);
      if (service) attrs.setKey('rpc.service', service);
      if (method) attrs.setKey('rpc.method', method);
      return { name: trimmed };
    }
    case 'aws.request':
    case 'aws.command': {
      attrs.setKey('rpc.system.name', 'aws-api');
      const service = metaGet(meta, 'aws.service') || metaGet(meta, 'aws_service');
      const op = metaGet(meta, 'aws.operation');
      if (service && op) return { name: `${service}/${op}` };
      return { name };
    }
    default:
      return { name };
  }
}
