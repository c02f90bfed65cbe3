/**
 * /capacity, step 1 of 3 (load → model → present): the clinic and every input of one analysis, each by one set-based
 * statement over its whole window (src/capacity/capacity.sql.ts); the heatmap by the one heatmap (heatmap.ts).
 */
import { Injectable, NotFoundException } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { Principal } from '../auth/auth.js';
import { oneClinicInScope } from '../auth/clinic-scope.js';
import type { Band } from '../domain/band.js';
import { ValidationFailed } from '../common/errors.js';
import { PrismaService } from '../database/prisma.service.js';
import { clinicSql, dailySql, futureSql, leadsSql, providerDaySql, resourceDowSql, resourcesSql, watchStartSql } from './capacity.sql.js';
import type { CapacityQuery } from './capacity.query.js';
import { addDays, dayNumber } from '../domain/calendar.js';
import { CURVE_MIN_DAYS } from './forecast.js';
import { resourceStats } from './capacity.model.js';
import { HeatmapService, type HeatCell } from './heatmap.js';
import type { ResourceStat } from './suggestions.js';

export type Kind = 'CHAIR' | 'ROOM';

export interface ClinicRow extends Band {
  id: string;
  name: string;
  timeZone: string;
}
export interface ResourceRow {
  id: string;
  kind: Kind;
  name: string;
  active: boolean;
}
export interface DailyRow {
  date: string;
  kind: Kind;
  available: number;
  used: number;
  booked: number;
}
export interface FutureRow {
  date: string;
  resourceId: string | null;
  kind: Kind | null;
  available: number;
  booked: number;
}
export interface LeadSqlRow {
  date: string;
  kind: Kind;
  leadCreated: number;
  leadCancelled: number | null;
  minutes: number;
}

const MAX_ASOF_BACK_DAYS = 3 * 366;

/** The inputs of one analysis, loaded once (set-based SQL) and shared by the baseline, the what-if and the per-kind views. */
export interface Loaded {
  clinic: ClinicRow;
  band: Band;
  asOf: string;
  asOfDay: number;
  today: string;
  cutoff: Date;
  histFrom: string;
  histTo: string;
  projFrom: string;
  projTo: string;
  horizon: number;
  resources: ResourceRow[];
  daily: DailyRow[];
  resourceDow: { resourceId: string; dow: number; days: number; available: number; used: number; booked: number }[];
  /** the weekday × hour heatmap of the history window (of the kinds analysed) */
  cells: HeatCell[];
  future: FutureRow[];
  leads: LeadSqlRow[];
  watchStart: string | null;
}

@Injectable()
export class CapacityRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly heatmaps: HeatmapService,
  ) {}

  /** The clinic (404 when unknown), the dates of the analysis (asOf validated) and its inputs, loaded in parallel. */
  async load(q: CapacityQuery, who: Principal, now: Date): Promise<Loaded> {
    const clinicId = this.clinicOf(q, who);
    const [clinic] = await this.prisma.$queryRaw<ClinicRow[]>(clinicSql(clinicId));
    if (!clinic) throw new NotFoundException(`No clinic ${clinicId}; check the id (GET /api/v1/ops/utilization/settings/{clinicId} shows a clinic)`);
    const band: Band = { lowThreshold: clinic.lowThreshold, targetLow: clinic.targetLow, targetHigh: clinic.targetHigh, riskThreshold: clinic.riskThreshold };
    const today = DateTime.fromJSDate(now, { zone: clinic.timeZone }).toISODate()!;
    const asOf = q.asOf ?? today;
    if (asOf > today) {
      throw new ValidationFailed([
        { field: 'asOf', message: `must not be after today (${today} in ${clinic.timeZone}): an analysis uses what was known on its date` },
      ]);
    }
    if (dayNumber(today) - dayNumber(asOf) > MAX_ASOF_BACK_DAYS) {
      throw new ValidationFailed([{ field: 'asOf', message: `must be at most 3 years back (on or after ${addDays(today, -MAX_ASOF_BACK_DAYS)})` }]);
    }
    const horizon = q.horizon;
    const histFrom = addDays(asOf, -q.historyDays);
    const histTo = addDays(asOf, -1);
    const projFrom = addDays(asOf, 1);
    const projTo = addDays(asOf, horizon);
    const actualTo = projTo < today ? projTo : addDays(today, -1);
    const dailyTo = actualTo > histTo ? actualTo : histTo;
    // bookings as known at the end of the asOf day (for today: now)
    const endOfAsOf = DateTime.fromISO(projFrom, { zone: clinic.timeZone }).startOf('day').toJSDate();
    const cutoff = endOfAsOf < now ? endOfAsOf : now;

    const db = this.prisma;
    // the booking curve needs past days the service saw being booked ahead: only those days' sessions are read
    const leadsOf = async () => {
      const [w] = await db.$queryRaw<{ date: string | null }[]>(watchStartSql(clinicId));
      const watchStart = w?.date ?? null;
      if (!watchStart || dayNumber(histTo) - dayNumber(watchStart) < CURVE_MIN_DAYS) return { watchStart, leads: [] as LeadSqlRow[] };
      const from = addDays(watchStart, 1) > histFrom ? addDays(watchStart, 1) : histFrom;
      return { watchStart, leads: await db.$queryRaw<LeadSqlRow[]>(leadsSql(clinicId, from, histTo)) };
    };
    const [resources, daily, resourceDow, cells, future, { watchStart, leads }] = await Promise.all([
      db.$queryRaw<ResourceRow[]>(resourcesSql(clinicId)),
      db.$queryRaw<DailyRow[]>(dailySql(clinicId, histFrom, dailyTo)),
      db.$queryRaw<Loaded['resourceDow']>(resourceDowSql(clinicId, histFrom, histTo)),
      this.heatmaps.cells([clinicId], histFrom, histTo, band, q.kind ?? null),
      db.$queryRaw<FutureRow[]>(futureSql(clinicId, projFrom, projTo, cutoff.toISOString())),
      leadsOf(),
    ]);
    return {
      clinic,
      band,
      asOf,
      asOfDay: dayNumber(asOf),
      today,
      cutoff,
      histFrom,
      histTo,
      projFrom,
      projTo,
      horizon,
      resources,
      daily,
      resourceDow,
      cells,
      future,
      leads,
      watchStart,
    };
  }

  /** The median booked minutes of one provider-day over the history window (of a role, or any), and how many provider-days it is of. */
  async providerDay(L: Loaded, role: string | null): Promise<ProviderDay | undefined> {
    const [row] = await this.prisma.$queryRaw<ProviderDay[]>(providerDaySql(L.clinic.id, L.histFrom, L.histTo, role));
    return row;
  }

  /** Each chair and room of a clinic and its use over from..to, in all and per ISO weekday (the suggestion engine's input, e.g. for the report). */
  async resourceUse(clinicId: string, from: string, to: string): Promise<ResourceStat[]> {
    const [resources, dow] = await Promise.all([
      this.prisma.$queryRaw<ResourceRow[]>(resourcesSql(clinicId)),
      this.prisma.$queryRaw<Loaded['resourceDow']>(resourceDowSql(clinicId, from, to)),
    ]);
    return resourceStats(resources, dow, ['CHAIR', 'ROOM']);
  }

  private clinicOf(q: CapacityQuery, who: Principal): string {
    return oneClinicInScope(who, q.clinicId);
  }
}

export interface ProviderDay {
  minutes: number | null;
  days: number;
}
