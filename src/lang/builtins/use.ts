import { str } from './define';
import { unavailable } from './util';

export const use = unavailable(
  'use',
  [str('name')],
  'nil',
  'In Datakit: runs another script of the script store on the same point.',
  'a script store to resolve other scripts by name, which this implementation does not have',
  'use("other.p")',
);
