import { Prisma, type PrismaService } from '../database/prisma.service.js';
import { round } from '../domain/numbers.js';
import type { Band } from '../domain/band.js';

export const WEEKDAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export interface Cell {
  weekday: number;
  hour: number;
  availableChairHours: number;
  usedChairHours: number;
  bookedChairHours: number;
  utilizationRate: number | null;
  mark: 'peak' | 'low' | 'normal';
  weeks: number;
}

/**
 * The weekday × local hour grid of a clinic group for [from, to], from the hourly buckets:
 * utilization = Σ used / Σ available per cell; peak ≥ the risk threshold, low < the low threshold.
 */
interface GridRow {
  weekday: number;
  hour: number;
  available: number;
  used: number;
  booked: number;
  weeks: number;
}

export async function peakLowGrid(prisma: PrismaService, clinicIds: string[], from: string, to: string, band: Band, kind?: string): Promise<Cell[]> {
  const k = kind ?? null;
  const rows = await prisma.$queryRaw<GridRow[]>(Prisma.sql`
    SELECT extract(isodow FROM h.date)::int AS weekday, h.hour::int AS hour, sum(h.available_minutes)::float8 AS available,
            sum(h.used_minutes)::float8 AS used, sum(h.booked_minutes)::float8 AS booked, count(DISTINCT h.date)::int AS weeks
     FROM resource_hourly h JOIN resource r ON r.id = h.resource_id
     WHERE h.clinic_id = ANY(${clinicIds}::text[]) AND h.date BETWEEN ${from}::date AND ${to}::date AND (${k}::text IS NULL OR r.kind::text = ${k})
     GROUP BY 1, 2 ORDER BY 1, 2`);
  return rows.map((r) => {
    const rate = r.available > 0 ? r.used / r.available : null;
    return {
      weekday: r.weekday,
      hour: r.hour,
      availableChairHours: round(r.available / 60, 2)!,
      usedChairHours: round(r.used / 60, 2)!,
      bookedChairHours: round(r.booked / 60, 2)!,
      utilizationRate: round(rate, 4),
      mark: rate === null ? 'normal' : rate >= band.riskThreshold ? 'peak' : rate < band.lowThreshold ? 'low' : 'normal',
      weeks: r.weeks,
    };
  });
}

export interface Span {
  weekday: number;
  fromHour: number;
  toHour: number;
  utilizationRate: number;
  availableChairHours: number;
  usedChairHours: number;
  weeks: number;
}

/** Consecutive hours of one weekday with the same mark, merged into spans ("Wednesday 14:00–17:00"). */
export function spans(cells: Cell[], mark: 'peak' | 'low'): Span[] {
  const out: Span[] = [];
  const sorted = cells.filter((c) => c.mark === mark).sort((a, b) => a.weekday - b.weekday || a.hour - b.hour);
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && last.weekday === c.weekday && last.toHour === c.hour) {
      last.toHour = c.hour + 1;
      last.availableChairHours += c.availableChairHours;
      last.usedChairHours += c.usedChairHours;
      last.weeks = Math.max(last.weeks, c.weeks);
    } else {
      out.push({ weekday: c.weekday, fromHour: c.hour, toHour: c.hour + 1, utilizationRate: 0, availableChairHours: c.availableChairHours, usedChairHours: c.usedChairHours, weeks: c.weeks });
    }
  }
  for (const s of out) {
    s.utilizationRate = round(s.availableChairHours > 0 ? s.usedChairHours / s.availableChairHours : 0, 4)!;
    s.availableChairHours = round(s.availableChairHours, 2)!;
    s.usedChairHours = round(s.usedChairHours, 2)!;
  }
  return out;
}

export const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
export const describeSpan = (s: Span) => `${WEEKDAYS[s.weekday]} ${hh(s.fromHour)}–${hh(s.toHour)}`;
