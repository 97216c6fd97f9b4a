// Registry of built-in functions: one file per function, each exporting its definition.
import type { BuiltinDef } from './types';
import { add_key } from './add_key';
import { add_pattern } from './add_pattern';
import { adjust_timezone } from './adjust_timezone';
import { append } from './append';
import { b64dec } from './b64dec';
import { b64enc } from './b64enc';
import { cast } from './cast';
import { cover } from './cover';
import { datetime } from './datetime';
import { default_time } from './default_time';
import { default_time_with_fmt } from './default_time_with_fmt';
import { drop } from './drop';
import { drop_key } from './drop_key';
import { drop_origin_data } from './drop_origin_data';
import { exit } from './exit';
import { geoip } from './geoip';
import { get_key } from './get_key';
import { grok } from './grok';
import { group_between } from './group_between';
import { group_in } from './group_in';
import { hash } from './hash';
import { json } from './json';
import { kv_split } from './kv_split';
import { len } from './len';
import { load_json } from './load_json';
import { lowercase } from './lowercase';
import { match } from './match';
import { nullif } from './nullif';
import { parse_date } from './parse_date';
import { parse_duration } from './parse_duration';
import { query_refer_table } from './query_refer_table';
import { rename } from './rename';
import { replace } from './replace';
import { set_measurement } from './set_measurement';
import { set_tag } from './set_tag';
import { setopt } from './setopt';
import { sql_cover } from './sql_cover';
import { strfmt } from './strfmt';
import { strlen } from './strlen';
import { timestamp } from './timestamp';
import { trim } from './trim';
import { uppercase } from './uppercase';
import { url_decode } from './url_decode';
import { user_agent } from './user_agent';
import { valid_json } from './valid_json';
import { value_type } from './value_type';

const ALL: BuiltinDef[] = [
  add_key,
  add_pattern,
  adjust_timezone,
  append,
  b64dec,
  b64enc,
  cast,
  cover,
  datetime,
  default_time,
  default_time_with_fmt,
  drop,
  drop_key,
  drop_origin_data,
  exit,
  geoip,
  get_key,
  grok,
  group_between,
  group_in,
  hash,
  json,
  kv_split,
  len,
  load_json,
  lowercase,
  match,
  nullif,
  parse_date,
  parse_duration,
  query_refer_table,
  rename,
  replace,
  set_measurement,
  set_tag,
  setopt,
  sql_cover,
  strfmt,
  strlen,
  timestamp,
  trim,
  uppercase,
  url_decode,
  user_agent,
  valid_json,
  value_type,
];

export const BUILTINS: ReadonlyMap<string, BuiltinDef> = new Map(ALL.map((d) => [d.name, d]));
