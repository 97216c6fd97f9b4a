import { unavailable } from './util';

export const use = unavailable(
  'use',
  [{ name: 'name', kind: 'str' }],
  'nil',
  'In Datakit: runs another script of the script store on the same point.',
  'a script store to resolve other scripts by name, which this implementation does not have',
  'use("other.p")',
);
