import type { BuiltinDef } from './types';
import { valid_json } from './valid_json';

export const vaild_json: BuiltinDef = {
  ...valid_json,
  name: 'vaild_json',
  doc: 'Misspelled alias of `valid_json`, kept because Datakit registers it and scripts use it.',
  examples: [{ title: 'same as valid_json', script: 'add_key(ok, vaild_json(_))', input: '[1, 2]', fields: { ok: true } }],
};
