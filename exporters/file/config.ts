import * as s from '../../src/config/schema';

export const config = s.object({
  /** File that receives one OTLP/JSON export request per line; created if missing, never truncated. */
  path: s.nonEmptyString().required(),
});
