/**
 * The one weekday × local hour heatmap (peak and low hours) of the service, used by /capacity and /report.
 *
 * The peak/low rule (SPEC §5, the band): an hour is a **peak** when its utilization is at overbooking risk (above the
 * risk threshold, default 90 %) and **low** when it is low (below the low threshold, default 65 %), exactly as
 * `classify` judges a day or a clinic; anything else is normal. Utilization = Σ used ÷ Σ available chair minutes of
 * the hour over the period (a ratio of sums, never a mean of rates).
 */
import { Injectable } from '@nestjs/common';
import { classify, type Band } from '../domain/band.js';
import { PrismaService } from '../database/prisma.service.js';
import { hourlySql } from './capacity.sql.js';
import { hh, WEEKDAY_NAMES } from '../domain/calendar.js';

export type Mark = 'peak' | 'low' | 'normal';

/** The peak/low rule: by the band's classification of the rate; null without available time. */
export function markOf(rate: number | null, band: Band): Mark | null {
  const status = classify(rate, band);
  if (status === null) return null;
  return status === 'overbooking-risk' ? 'peak' : status === 'low' ? 'low' : 'normal';
}

/** One cell: a weekday and local hour, its chair minutes over the period, its utilization and mark. */
export interface HeatCell {
  /** ISO weekday, 1 = Monday */
  weekday: number;
  /** local hour 0–23 */
  hour: number;
  available: number;
  used: number;
  booked: number;
  /** resource-days with this hour open */
  resourceDays: number;
  /** local dates with this hour open (at any resource) */
  days: number;
  /** used ÷ available; null without available time */
  rate: number | null;
  mark: Mark | null;
}

export interface HourlyRow {
  weekday: number;
  hour: number;
  available: number;
  used: number;
  booked: number;
  resourceDays: number;
  days: number;
}

/** The cells of the grid, in weekday then hour order, each marked by the rule. */
export function heatCells(rows: HourlyRow[], band: Band): HeatCell[] {
  return rows
    .map((r) => {
      const rate = r.available > 0 ? r.used / r.available : null;
      return { ...r, rate, mark: markOf(rate, band) };
    })
    .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour);
}

/** Consecutive hours of one weekday with the same mark ("Wednesday 14:00–17:00"). */
export interface Span {
  weekday: number;
  fromHour: number;
  /** exclusive */
  toHour: number;
  cells: HeatCell[];
  available: number;
  used: number;
  booked: number;
  /** the most dates any of its hours was open */
  days: number;
  rate: number;
}

/** Maximal runs of consecutive hours of one weekday (no gap) whose cells satisfy `pred`, in weekday and hour order. */
export function runsOf(cells: HeatCell[], pred: (c: HeatCell) => boolean): Span[] {
  const out: Span[] = [];
  let cur: HeatCell[] = [];
  const flush = () => {
    if (!cur.length) return;
    const sum = (k: 'available' | 'used' | 'booked') => cur.reduce((s, c) => s + c[k], 0);
    const available = sum('available');
    const used = sum('used');
    out.push({
      weekday: cur[0].weekday,
      fromHour: cur[0].hour,
      toHour: cur[cur.length - 1].hour + 1,
      cells: cur,
      available,
      used,
      booked: sum('booked'),
      days: Math.max(...cur.map((c) => c.days)),
      rate: available > 0 ? used / available : 0,
    });
    cur = [];
  };
  for (const c of [...cells].sort((a, b) => a.weekday - b.weekday || a.hour - b.hour)) {
    const last = cur[cur.length - 1];
    if (last && (last.weekday !== c.weekday || last.hour !== c.hour - 1 || !pred(c))) flush();
    if (pred(c)) cur.push(c);
  }
  flush();
  return out;
}

/** The peak or the low spans of a grid. */
export const spans = (cells: HeatCell[], mark: 'peak' | 'low'): Span[] => runsOf(cells, (c) => c.mark === mark);

/** A span's local clock hours, `to` exclusive: the one shape of hours in every answer. */
export const hoursOf = (s: { fromHour: number; toHour: number }) => ({ from: hh(s.fromHour), to: hh(s.toHour) });

/** "Wednesday 14:00–17:00" */
export const describeSpan = (s: { weekday: number; fromHour: number; toHour: number }) => `${WEEKDAY_NAMES[s.weekday]} ${hh(s.fromHour)}–${hh(s.toHour)}`;

/** Loads the grid of clinics over a period (from the engine's hourly buckets) and marks it. */
@Injectable()
export class HeatmapService {
  constructor(private readonly prisma: PrismaService) {}

  async cells(clinicIds: string[], from: string, to: string, band: Band, kind: string | null = null): Promise<HeatCell[]> {
    return heatCells(await this.prisma.$queryRaw<HourlyRow[]>(hourlySql(clinicIds, from, to, kind)), band);
  }
}
