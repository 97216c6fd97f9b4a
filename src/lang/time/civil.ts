// Calendar arithmetic shared by the time functions. Times are carried as
// bigint nanoseconds since the Unix epoch so that no precision is lost.

import { RuntimeError } from '../runtime';
import type { Zone } from './zone';

export const NS_PER_SEC = 1000000000n;
export const NS_PER_MS = 1000000n;

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export interface Civil {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
}

/** Milliseconds of a wall time read as if it were UTC (years 0-99 kept literal). */
export function wallMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysIn(year: number, month: number): number {
  if (month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29;
  return MONTH_DAYS[month - 1];
}

export function validCivil(c: Civil): boolean {
  return c.month >= 1 && c.month <= 12 && c.day >= 1 && c.day <= daysIn(c.year, c.month)
    && c.hour >= 0 && c.hour < 24 && c.minute >= 0 && c.minute < 60 && c.second >= 0 && c.second < 60;
}

/** ns since epoch for a wall time: with an explicit offset, or resolved in `zone`. */
export function civilToNs(c: Civil, zone: Zone, offsetSec?: number): bigint {
  const wall = wallMs(c.year, c.month, c.day, c.hour, c.minute, c.second);
  const utc = offsetSec === undefined ? zone.wallToUtcMs(wall) : wall - offsetSec * 1000;
  return BigInt(utc) * NS_PER_MS + BigInt(c.nanos);
}

export interface ZonedTime extends Civil {
  weekday: number; // 0 = Sunday
  yday: number;
  offsetSec: number;
  /** Zone abbreviation; computed on demand (it costs an Intl call when not cached). */
  readonly abbr: string;
}

export function nsToZoned(ns: bigint, zone: Zone): ZonedTime {
  let sec = ns / NS_PER_SEC;
  let nanos = ns % NS_PER_SEC;
  if (nanos < 0n) { nanos += NS_PER_SEC; sec -= 1n; }
  const utcMs = Number(sec) * 1000;
  // JS dates end at ±8.64e15 ms (year ±275760); Go goes further, but no log needs it.
  if (!(Math.abs(utcMs) <= 8.64e15 - 86400000 * 2)) throw new RuntimeError(`time ${ns} ns is out of the supported range`);
  const offsetSec = zone.offsetAt(utcMs);
  const d = new Date(utcMs + offsetSec * 1000);
  const year = d.getUTCFullYear();
  const start = wallMs(year, 1, 1);
  return {
    year,
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    nanos: Number(nanos),
    weekday: d.getUTCDay(),
    yday: Math.floor((d.getTime() - start) / 86400000) + 1,
    offsetSec,
    get abbr() { return zone.abbreviation(utcMs); },
  };
}

export function pad(n: number, width: number, fill = '0'): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (s.length >= width ? s : fill.repeat(width - s.length) + s);
}

export function formatOffset(off: number, colon: boolean, withSeconds = false, short = false): string {
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  const hh = pad(Math.floor(a / 3600), 2);
  const mm = pad(Math.floor((a % 3600) / 60), 2);
  const ss = pad(a % 60, 2);
  if (short) return sign + hh;
  return sign + hh + (colon ? ':' : '') + mm + (withSeconds ? (colon ? ':' : '') + ss : '');
}
