// Registry of built-in functions: one file per function, each exporting its definition.
import type { BuiltinDef } from './types';
import { add_key } from './add_key';
import { add_pattern } from './add_pattern';
import { adjust_timezone } from './adjust_timezone';
import { agg_create } from './agg_create';
import { agg_metric } from './agg_metric';
import { append } from './append';
import { b64dec } from './b64dec';
import { b64enc } from './b64enc';
import { cache_get } from './cache_get';
import { cache_set } from './cache_set';
import { cast } from './cast';
import { cidr } from './cidr';
import { conv_traceid_w3c_to_dd } from './conv_traceid_w3c_to_dd';
import { cover } from './cover';
import { create_point } from './create_point';
import { datetime } from './datetime';
import { decode } from './decode';
import { default_time } from './default_time';
import { default_time_with_fmt } from './default_time_with_fmt';
import { delete_ } from './delete';
import { drop } from './drop';
import { drop_key } from './drop_key';
import { drop_origin_data } from './drop_origin_data';
import { duration_precision } from './duration_precision';
import { exit } from './exit';
import { format_int } from './format_int';
import { geoip } from './geoip';
import { get_key } from './get_key';
import { gjson } from './gjson';
import { grok } from './grok';
import { group_between } from './group_between';
import { group_in } from './group_in';
import { hash } from './hash';
import { http_request } from './http_request';
import { ip2isp } from './ip2isp';
import { json } from './json';
import { json_all } from './json_all';
import { kv_split } from './kv_split';
import { len } from './len';
import { load_json } from './load_json';
import { lowercase } from './lowercase';
import { match } from './match';
import { mquery_refer_table } from './mquery_refer_table';
import { nullif } from './nullif';
import { parse_date } from './parse_date';
import { parse_duration } from './parse_duration';
import { parse_int } from './parse_int';
import { point_window } from './point_window';
import { pt_kvs_del } from './pt_kvs_del';
import { pt_kvs_get } from './pt_kvs_get';
import { pt_kvs_keys } from './pt_kvs_keys';
import { pt_kvs_set } from './pt_kvs_set';
import { pt_name } from './pt_name';
import { query_refer_table } from './query_refer_table';
import { rename } from './rename';
import { replace } from './replace';
import { sample } from './sample';
import { set_measurement } from './set_measurement';
import { set_tag } from './set_tag';
import { setopt } from './setopt';
import { slice_string } from './slice_string';
import { sql_cover } from './sql_cover';
import { strfmt } from './strfmt';
import { strlen } from './strlen';
import { timestamp } from './timestamp';
import { trim } from './trim';
import { uppercase } from './uppercase';
import { url_decode } from './url_decode';
import { url_parse } from './url_parse';
import { use } from './use';
import { user_agent } from './user_agent';
import { vaild_json } from './vaild_json';
import { valid_json } from './valid_json';
import { value_type } from './value_type';
import { window_hit } from './window_hit';
import { xml } from './xml';

const ALL: BuiltinDef[] = [
  add_key,
  add_pattern,
  adjust_timezone,
  agg_create,
  agg_metric,
  append,
  b64dec,
  b64enc,
  cache_get,
  cache_set,
  cast,
  cidr,
  conv_traceid_w3c_to_dd,
  cover,
  create_point,
  datetime,
  decode,
  default_time,
  default_time_with_fmt,
  delete_,
  drop,
  drop_key,
  drop_origin_data,
  duration_precision,
  exit,
  format_int,
  geoip,
  get_key,
  gjson,
  grok,
  group_between,
  group_in,
  hash,
  http_request,
  ip2isp,
  json,
  json_all,
  kv_split,
  len,
  load_json,
  lowercase,
  match,
  mquery_refer_table,
  nullif,
  parse_date,
  parse_duration,
  parse_int,
  point_window,
  pt_kvs_del,
  pt_kvs_get,
  pt_kvs_keys,
  pt_kvs_set,
  pt_name,
  query_refer_table,
  rename,
  replace,
  sample,
  set_measurement,
  set_tag,
  setopt,
  slice_string,
  sql_cover,
  strfmt,
  strlen,
  timestamp,
  trim,
  uppercase,
  url_decode,
  url_parse,
  use,
  user_agent,
  vaild_json,
  valid_json,
  value_type,
  window_hit,
  xml,
];

export const BUILTINS: ReadonlyMap<string, BuiltinDef> = new Map(ALL.map((d) => [d.name, d]));
