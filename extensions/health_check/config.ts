import * as s from '../../src/config/schema';

export const config = s.object({
  endpoint: s.hostPort('127.0.0.1:13133').def('127.0.0.1:13133'),
  path: s.string().check((p) => (p.startsWith('/') ? undefined : `must start with "/", for example "/health"`)).def('/'),
});
