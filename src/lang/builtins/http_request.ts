import { expr } from './define';
import { unavailable } from './util';

export const http_request = unavailable(
  'http_request',
  [expr('method'), expr('url'), expr('headers').optional(), expr('body').optional()],
  'map',
  'In Datakit (disabled by default): performs an HTTP request from the script.',
  'outbound HTTP from scripts, which this implementation does not allow',
  'r = http_request("GET", "http://localhost/")',
);
