// Registry of built-in functions: one file per function, each exporting its definition.
import type { BuiltinDef } from './types';
import { add_key } from './add_key';
import { add_pattern } from './add_pattern';
import { default_time } from './default_time';
import { drop } from './drop';
import { drop_key } from './drop_key';
import { drop_origin_data } from './drop_origin_data';
import { exit } from './exit';
import { grok } from './grok';
import { json } from './json';
import { load_json } from './load_json';

const ALL: BuiltinDef[] = [
  add_key,
  add_pattern,
  default_time,
  drop,
  drop_key,
  drop_origin_data,
  exit,
  grok,
  json,
  load_json,
];

export const BUILTINS: ReadonlyMap<string, BuiltinDef> = new Map(ALL.map((d) => [d.name, d]));
