import { key, str } from './define';
import { unavailable } from './util';

export const xml = unavailable(
  'xml',
  [key('input'), str('xpath'), key('newkey').optional()],
  'nil',
  'In Datakit: extracts a value from XML text with an XPath expression.',
  'an XPath 1.0 engine, which this implementation does not include yet',
  'xml(_, "/a/b/text()", b)',
);
