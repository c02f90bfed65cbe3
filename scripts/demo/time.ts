/** Local days and minutes of the demo generator. */
import type { DateTime } from 'luxon';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const pad = (n: number) => String(n).padStart(2, '0');
/** "HH:MM" → minutes after local midnight */
export const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export interface DayInfo {
  date: string;
  compact: string;
  y: number;
  m: number;
  d: number;
  weekday: number;
  /** UTC offset (minutes) in force during opening hours; DST switches happen at night */
  offset: number;
  /** days since 1970-01-01 (stable day number, independent of "today") */
  dayNumber: number;
}

export function dayInfo(day: DateTime): DayInfo {
  const noon = day.set({ hour: 12 });
  return {
    date: day.toISODate()!,
    compact: day.toFormat('yyyyMMdd'),
    y: day.year,
    m: day.month,
    d: day.day,
    weekday: day.weekday,
    offset: noon.offset,
    dayNumber: Math.round(Date.UTC(day.year, day.month - 1, day.day) / DAY),
  };
}

/** The instant of local minute `t` of the day (valid during the day, not across a DST switch at night). */
export const at = (info: DayInfo, t: number) => Date.UTC(info.y, info.m - 1, info.d) + (t - info.offset) * MIN;

/** ISO-8601 with the clinic's offset, to the second, as an upstream system would send it. */
export function iso(ms: number, offset: number): string {
  const local = new Date(Math.round(ms / 1000) * 1000 + offset * MIN).toISOString().slice(0, 19);
  const a = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** [start, end) in local minutes */
export type Interval = [number, number];

/** windows minus busy intervals (all in local minutes), dropping pieces shorter than 15 minutes */
export function subtract(windows: Interval[], busy: Interval[]): Interval[] {
  let free = windows.map((w) => [...w] as Interval);
  for (const [bs, be] of busy) {
    free = free.flatMap(([s, e]): Interval[] => {
      if (be <= s || bs >= e) return [[s, e]];
      const out: Interval[] = [];
      if (bs > s) out.push([s, bs]);
      if (be < e) out.push([be, e]);
      return out;
    });
  }
  return free.filter(([s, e]) => e - s >= 15);
}
