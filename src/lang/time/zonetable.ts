// Zone arguments of default_time/parse_date: "+8"-style offsets map to IANA
// zones (so DST applies where the zone has it), "CST" means China.

import { Zone } from './zone';

const OFFSET_ZONES: Record<string, string> = {
  '-11': 'Pacific/Midway', '-10': 'Pacific/Honolulu', '-9:30': 'Pacific/Marquesas', '-9': 'America/Anchorage',
  '-8': 'America/Los_Angeles', '-7': 'America/Phoenix', '-6': 'America/Chicago', '-5': 'America/New_York',
  '-4': 'America/Santiago', '-3:30': 'America/St_Johns', '-3': 'America/Sao_Paulo', '-2': 'America/Noronha',
  '-1': 'America/Scoresbysund', '+0': 'Europe/London', '+1': 'Europe/Vatican', '+2': 'Europe/Kiev',
  '+3': 'Europe/Moscow', '+3:30': 'Asia/Tehran', '+4': 'Asia/Dubai', '+4:30': 'Asia/Kabul', '+5': 'Asia/Samarkand',
  '+5:30': 'Asia/Kolkata', '+5:45': 'Asia/Kathmandu', '+6': 'Asia/Almaty', '+6:30': 'Asia/Yangon', '+7': 'Asia/Jakarta',
  '+8': 'Asia/Shanghai', '+8:45': 'Australia/Eucla', '+9': 'Asia/Tokyo', '+9:30': 'Australia/Darwin',
  '+10': 'Australia/Sydney', '+10:30': 'Australia/Lord_Howe', '+11': 'Pacific/Guadalcanal', '+12': 'Pacific/Auckland',
  '+12:45': 'Pacific/Chatham', '+13': 'Pacific/Apia', '+14': 'Pacific/Kiritimati', CST: 'Asia/Shanghai',
};

/** Resolves a zone argument; `fallback` is used for the empty string. Undefined if unknown. */
export function resolveZoneArg(name: string, fallback: Zone): Zone | undefined {
  if (name === '') return fallback;
  const mapped = Object.hasOwn(OFFSET_ZONES, name) ? OFFSET_ZONES[name] : undefined;
  if (mapped) return Zone.get(mapped);
  if (/^[+-]/.test(name)) return undefined;
  return Zone.get(name);
}

export const ZONE_TABLE_KEYS = Object.keys(OFFSET_ZONES);
