import { unavailable } from './util';

export const http_request = unavailable(
  'http_request',
  [{ name: 'method', kind: 'expr' }, { name: 'url', kind: 'expr' }, { name: 'headers', kind: 'expr', optional: true }, { name: 'body', kind: 'expr', optional: true }],
  'map',
  'In Datakit (disabled by default): performs an HTTP request from the script.',
  'outbound HTTP from scripts, which this implementation does not allow',
  'r = http_request("GET", "http://localhost/")',
);
