import { unavailable } from './util';

export const json_all = unavailable(
  'json_all',
  [],
  'nil',
  'Registered in Datakit but disabled there.',
  'nothing we can provide: Datakit itself disables this function',
  'json_all()',
);
