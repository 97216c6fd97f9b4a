/**
 * The same spans as OTLP/HTTP protobuf, written by the reference pipelines' own decoder and OTLP
 * writer (pipe-fast's lib/ddfast.js and lib/otlp.js), for a Collector without a Datadog receiver.
 */
import path from 'node:path';

export function otlpFromReference(dir: string, ddBodies: Buffer[]): Buffer[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { decodeV04 } = require(path.join(dir, 'lib/ddfast.js'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { encodeRecs } = require(path.join(dir, 'lib/otlp.js'));
  return ddBodies.map((b) => Buffer.from(encodeRecs(decodeV04(b))));
}
