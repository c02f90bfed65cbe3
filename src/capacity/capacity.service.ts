import { Injectable, NotFoundException } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { Principal } from '../auth/auth.js';
import { oneClinicInScope } from '../auth/clinic-scope.js';
import { classify, type Band } from '../domain/band.js';
import { ValidationFailed } from '../common/errors.js';
import { PrismaService } from '../database/prisma.service.js';
import { clinicSql, dailySql, futureSql, leadsSql, providerDaySql, resourceDowSql, resourcesSql, watchStartSql } from './capacity.sql.js';
import { whatIfOf, type CapacityQuery, type WhatIf } from './capacity.query.js';
import { addDays, dateOf, dayNumber, hh, isoDow, WEEKDAY_NAMES } from '../domain/calendar.js';
import {
  backtest,
  combine,
  CURVE_MIN_DAYS,
  curveShare,
  fitHistory,
  learnCurve,
  predict,
  weekdayLevels,
  type BacktestResult,
  type Curve,
  type DayForecast,
  type Fit,
  type LeadRow,
  type Obs,
} from './forecast.js';
import { project, type Actual, type FutureDay, type ProjectionOut, type Scenario } from './projection.js';
import { HeatmapService, type HeatCell } from './heatmap.js';
import { SuggestionEngine, type Proposal, type ResourceStat, type Totals } from './suggestions.js';

type Kind = 'CHAIR' | 'ROOM';

interface ClinicRow extends Band {
  id: string;
  name: string;
  timeZone: string;
}
interface ResourceRow {
  id: string;
  kind: Kind;
  name: string;
  active: boolean;
}
interface DailyRow {
  date: string;
  kind: Kind;
  available: number;
  used: number;
  booked: number;
}
interface FutureRow {
  date: string;
  resourceId: string | null;
  kind: Kind | null;
  available: number;
  booked: number;
}
interface LeadSqlRow {
  date: string;
  kind: Kind;
  leadCreated: number;
  leadCancelled: number | null;
  minutes: number;
}

const r4 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 10_000) / 10_000);
const h2 = (minutes: number) => Math.round((minutes / 60) * 100) / 100;
const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;
const MAX_ASOF_BACK_DAYS = 3 * 366;
const CURVE_LEADS = [1, 2, 3, 5, 7, 10, 14, 21, 28, 35, 42, 56, 70, 90];

/** The inputs of one analysis, loaded once (set-based SQL) and shared by the baseline, the what-if and the per-kind views. */
interface Loaded {
  clinic: ClinicRow;
  band: Band;
  asOf: string;
  asOfDay: number;
  today: string;
  cutoff: Date;
  histFrom: string;
  histTo: string;
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

interface SeriesAnalysis {
  kinds: Kind[];
  obs: Obs[];
  fit: Fit | null;
  curve: Curve;
  bt: BacktestResult;
  days: FutureDay[];
  forecasts: DayForecast[];
  projection: ProjectionOut;
  actuals: Map<number, Actual>;
}

@Injectable()
export class CapacityService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly heatmaps: HeatmapService,
    private readonly engine: SuggestionEngine,
  ) {}

  async analyse(q: CapacityQuery, who: Principal, now: Date = new Date()) {
    const clinicId = this.clinicOf(q, who);
    const [clinic] = await this.prisma.$queryRaw<ClinicRow[]>(clinicSql(clinicId));
    if (!clinic) throw new NotFoundException(`No clinic ${clinicId}; check the id (GET /api/v1/ops/utilization/settings/{clinicId} shows a clinic)`);
    const band: Band = { lowThreshold: clinic.lowThreshold, targetLow: clinic.targetLow, targetHigh: clinic.targetHigh, riskThreshold: clinic.riskThreshold };
    const today = DateTime.fromJSDate(now, { zone: clinic.timeZone }).toISODate()!;
    const asOf = q.asOf ?? today;
    if (asOf > today) {
      throw new ValidationFailed([{ field: 'asOf', message: `must not be after today (${today} in ${clinic.timeZone}): an analysis uses what was known on its date` }]);
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
    const L: Loaded = {
      clinic, band, asOf, asOfDay: dayNumber(asOf), today, cutoff, histFrom, histTo, horizon,
      resources, daily, resourceDow, cells, future, leads, watchStart,
    };

    const kinds: Kind[] = q.kind ? [q.kind] : ['CHAIR', 'ROOM'];
    const whatIf = whatIfOf(q);
    const scenarioInput = whatIf ? await this.scenarioInputs(L, whatIf, kinds) : null;

    const main = this.series(L, kinds);
    const heat = this.heatmap(L, kinds);
    const bt = main.bt;

    let whatIfOut: unknown = null;
    if (whatIf && scenarioInput) {
      const scenario = this.scenario(L, main.days, kinds, whatIf, scenarioInput);
      const p = project(main.days, main.forecasts, main.fit, band, scenario, null);
      whatIfOut = {
        changes: scenarioInput.describe,
        assumptions: [
          'Demand is held at the baseline forecast: a change of hours or chairs changes the available time, not the number of patients.',
          ...(whatIf.addProviderDays.length ? [`A provider day adds ${h2(scenarioInput.providerMinutes)} booked chair-hours (the median booked minutes of a ${whatIf.providerRole ?? 'provider'} day over the history window, ${scenarioInput.providerSample} provider-days).`] : []),
          'Utilization above 100% means demand the remaining chair time cannot hold.',
        ],
        projection: p,
        comparison: compare(main.projection, p),
      };
    }

    const byKind =
      q.kind || new Set(resources.filter((r) => r.active).map((r) => r.kind)).size < 2
        ? undefined
        : (['CHAIR', 'ROOM'] as Kind[]).map((k) => {
            const s = this.series(L, [k]);
            return { kind: k, method: s.fit?.method ?? 'bookings-only', summary: s.projection.summary, windows: s.projection.windows };
          });

    const openResources = new Map<string, { count: number; minutes: number }>();
    for (const r of future) {
      if (!r.resourceId || !kinds.includes(r.kind!) || r.available <= 0) continue;
      const o = openResources.get(r.date) ?? { count: 0, minutes: 0 };
      o.count++;
      o.minutes += r.available;
      openResources.set(r.date, o);
    }
    const suggestions = this.engine.forCapacity({
      band,
      cells: L.cells,
      occurrences: heat.occurrences,
      weeks: heat.weeks,
      resources: this.resourceStats(L, kinds),
      projection: main.fit ? main.projection : null,
      openResources,
      horizon,
    }).map(capacitySuggestion);

    const replay = asOf < today;
    return {
      clinicId: clinic.id,
      clinicName: clinic.name,
      timeZone: clinic.timeZone,
      asOf,
      today,
      bookingsKnownAt: cutoff.toISOString(),
      kind: q.kind ?? 'ALL',
      band,
      history: {
        from: histFrom,
        to: histTo,
        openDays: main.obs.length,
        firstDay: main.fit ? dateOf(main.fit.first) : null,
      },
      heatmap: heat.out,
      model: this.modelBlock(L, main),
      backtest: {
        scope: main.curve.observable ? 'history model with the booking curve (bookings as they stood at each lead)' : 'history model alone (past bookings cannot be replayed at their lead: see bookingCurve)',
        horizonDays: horizon,
        origins: bt.origins,
        points: bt.points,
        mae: r4(bt.mae),
        bias: r4(bt.bias),
        maeSeasonalNaive: r4(bt.maeSeasonalNaive),
        mase: r4(bt.mase),
        relativeMae: r4(bt.relativeMae),
        coverage80: r4(bt.coverage80),
        coverage95: r4(bt.coverage95),
        calibratedCoverage80: r4(bt.calibratedCoverage80),
        calibratedCoverage95: r4(bt.calibratedCoverage95),
        byLead: bt.byLead.map((b) => ({
          ...b, mae: r4(b.mae), maeSeasonalNaive: r4(b.maeSeasonalNaive), coverage80: r4(b.coverage80), coverage95: r4(b.coverage95),
          intervalWidening80: r4(b.scale80), intervalWidening95: r4(b.scale95), scale80: undefined, scale95: undefined,
        })),
        note:
          bt.origins === 0
            ? 'Not enough history for a backtest: each origin needs at least 4 weeks of history before it and days after it before asOf.'
            : `Rolling origins every 7 days (${bt.origins}), each fitted on the days before it and scored on the open days up to ${horizon} days after it (before asOf). ` +
              'Errors are in utilization points (0.05 = 5 points). MASE < 1 and relativeMae < 1 beat the seasonal-naive forecast (same weekday, last week); ' +
              "coverage80/95: shares of actual days inside the model's own 80%/95% intervals. Where they fell short, the live intervals are widened by " +
              'intervalWidening (per lead range, never narrowed); calibratedCoverage80/95 is the coverage after widening, on the same (in-sample) points.',
      },
      bookingCurve: this.curveBlock(L, main),
      projection: { horizonDays: horizon, from: projFrom, to: projTo, ...main.projection, days: this.withPace(L, main) },
      ...(byKind ? { byKind } : {}),
      whatIf: whatIfOut,
      suggestions,
      ...(replay ? { replay: { note: `Made as of ${asOf} with the history and bookings known then; days that are over carry "actual" (what was really booked and used) and projection.accuracy scores them.` } } : {}),
    };
  }

  private clinicOf(q: CapacityQuery, who: Principal): string {
    return oneClinicInScope(who, q.clinicId);
  }

  // ------------------------------------------------------------------------------ the series of one set of kinds

  private series(L: Loaded, kinds: Kind[]): SeriesAnalysis {
    const perDate = new Map<string, { available: number; used: number; booked: number }>();
    for (const r of L.daily) {
      if (!kinds.includes(r.kind)) continue;
      const t = perDate.get(r.date) ?? { available: 0, used: 0, booked: 0 };
      t.available += r.available;
      t.used += r.used;
      t.booked += r.booked;
      perDate.set(r.date, t);
    }
    const obs: Obs[] = [];
    const actuals = new Map<number, Actual>();
    for (const [date, t] of perDate) {
      const day = dayNumber(date);
      if (day < L.asOfDay) {
        if (t.available > 0) obs.push({ day, y: Math.min(1, t.booked / t.available) });
      } else if (day > L.asOfDay) actuals.set(day, t);
    }
    obs.sort((a, b) => a.day - b.day);
    const fit = fitHistory(obs, { origin: L.asOfDay });

    const finalRate = new Map(obs.map((o) => [o.day, o.y]));
    const leadRows: LeadRow[] = L.leads
      .filter((r) => kinds.includes(r.kind))
      .map((r) => ({ day: dayNumber(r.date), leadCreated: r.leadCreated, leadCancelled: r.leadCancelled, minutes: r.minutes }));
    const fitted = fit ? (day: number) => predict(fit, day).mean : null;
    const curve = learnCurve(leadRows, finalRate, L.watchStart ? dayNumber(L.watchStart) : null, L.horizon, fitted);

    const bt = backtest(obs, L.asOfDay, L.horizon, curve.observable ? curve : null);

    const future = new Map<string, { available: number; booked: number }>();
    for (const r of L.future) {
      if (!r.resourceId || !kinds.includes(r.kind!)) continue;
      const t = future.get(r.date) ?? { available: 0, booked: 0 };
      t.available += r.available;
      t.booked += r.booked;
      future.set(r.date, t);
    }
    const days: FutureDay[] = [];
    const forecasts: DayForecast[] = [];
    for (let lead = 1; lead <= L.horizon; lead++) {
      const date = addDays(L.asOf, lead);
      const day = dayNumber(date);
      const t = future.get(date) ?? { available: 0, booked: 0 };
      days.push({ day, date, lead, available: t.available, booked: t.booked });
      const b = t.available > 0 ? t.booked / t.available : 0;
      const pace = curve.observable ? curveShare(curve, lead, isoDow(day)) : null;
      forecasts.push(combine(fit && t.available > 0 ? predict(fit, day) : null, b, pace, bt.scaleFor(lead)));
    }
    const projection = project(days, forecasts, fit, L.band, null, actuals.size ? actuals : null);
    return { kinds, obs, fit, curve, bt, days, forecasts, projection, actuals };
  }

  // ------------------------------------------------------------------------------ peak / low heatmap

  private heatmap(L: Loaded, kinds: Kind[]) {
    const occurrences = new Map<number, number>();
    const perDate = new Map<string, number>();
    for (const r of L.daily) {
      if (!kinds.includes(r.kind) || r.date > L.histTo) continue;
      perDate.set(r.date, (perDate.get(r.date) ?? 0) + r.available);
    }
    for (const [date, a] of perDate) if (a > 0) occurrences.set(isoDow(dayNumber(date)), (occurrences.get(isoDow(dayNumber(date))) ?? 0) + 1);
    const weeks = perDate.size / 7;

    const band = L.band;
    const list = L.cells;
    const outCells = list.map((c) => ({
      weekday: c.weekday,
      hour: c.hour,
      label: `${WEEKDAY_NAMES[c.weekday]} ${hh(c.hour)}–${hh(c.hour + 1)}`,
      days: c.days,
      availableChairHours: h2(c.available),
      usedChairHours: h2(c.used),
      bookedChairHours: h2(c.booked),
      availableChairHoursPerWeek: h2(c.available / Math.max(occurrences.get(c.weekday) ?? 1, 1)),
      utilization: r4(c.rate),
      bookedUtilization: r4(c.available > 0 ? c.booked / c.available : null),
      status: c.mark,
    }));
    const weekdays = [1, 2, 3, 4, 5, 6, 7]
      .map((d) => {
        const cs = list.filter((c) => c.weekday === d);
        const a = cs.reduce((s, c) => s + c.available, 0);
        const u = cs.reduce((s, c) => s + c.used, 0);
        const b = cs.reduce((s, c) => s + c.booked, 0);
        return { weekday: d, name: WEEKDAY_NAMES[d], days: occurrences.get(d) ?? 0, availableChairHours: h2(a), usedChairHours: h2(u), bookedChairHours: h2(b), utilization: r4(a > 0 ? u / a : null), bookedUtilization: r4(a > 0 ? b / a : null), status: classify(a > 0 ? u / a : null, band) };
      })
      .filter((w) => w.availableChairHours > 0);
    const pick = (s: 'peak' | 'low') => outCells.filter((c) => c.status === s).sort((a, b) => (s === 'peak' ? b.utilization! - a.utilization! : a.utilization! - b.utilization!));
    return {
      occurrences,
      weeks,
      out: {
        basis: 'utilization = used ÷ available chair minutes per weekday and local hour over the history window (the hourly buckets of the daily engine); bookedUtilization = booked ÷ available',
        from: L.histFrom,
        to: L.histTo,
        thresholds: { peak: band.riskThreshold, low: band.lowThreshold },
        peakCells: pick('peak').length,
        lowCells: pick('low').length,
        peaks: pick('peak').slice(0, 5).map((c) => ({ label: c.label, utilization: c.utilization, availableChairHoursPerWeek: c.availableChairHoursPerWeek })),
        lows: pick('low').slice(0, 5).map((c) => ({ label: c.label, utilization: c.utilization, availableChairHoursPerWeek: c.availableChairHoursPerWeek })),
        weekdays,
        cells: outCells,
      },
    };
  }

  private resourceStats(L: Loaded, kinds: Kind[]): ResourceStat[] {
    const map = new Map<string, ResourceStat>();
    for (const r of L.resources) {
      if (!kinds.includes(r.kind)) continue;
      map.set(r.id, { id: r.id, name: r.name, kind: r.kind, active: r.active, total: { days: 0, available: 0, used: 0, booked: 0 }, byDow: new Map<number, Totals>() });
    }
    for (const x of L.resourceDow) {
      const s = map.get(x.resourceId);
      if (!s) continue;
      s.byDow.set(x.dow, { days: x.days, available: x.available, used: x.used, booked: x.booked });
      s.total.days += x.days;
      s.total.available += x.available;
      s.total.used += x.used;
      s.total.booked += x.booked;
    }
    return [...map.values()];
  }

  // ------------------------------------------------------------------------------ what-if

  private async scenarioInputs(L: Loaded, w: WhatIf, kinds: Kind[]) {
    const byId = new Map(L.resources.map((r) => [r.id, r]));
    const errors: { field: string; message: string }[] = [];
    const removed = new Set<string>();
    for (const id of w.removeResourceIds) {
      const r = byId.get(id);
      if (!r || !r.active) errors.push({ field: 'removeResourceId', message: `"${id}" is not an active resource of ${L.clinic.id}` });
      else if (!kinds.includes(r.kind)) errors.push({ field: 'removeResourceId', message: `"${id}" is a ${r.kind}, but the analysis is of ${kinds.join(' and ')}; drop kind or this id` });
      else if (removed.has(id)) errors.push({ field: 'removeResourceId', message: `"${id}" is given twice` });
      else removed.add(id);
    }
    const describe: string[] = [];
    if (w.removeChairs) {
      const stats = this.resourceStats(L, ['CHAIR']).filter((r) => r.active && !removed.has(r.id));
      if (w.removeChairs > stats.length) {
        errors.push({ field: 'removeChairs', message: `is ${w.removeChairs}, but ${L.clinic.id} has ${stats.length} active chair(s)${removed.size ? ' besides removeResourceId' : ''}` });
      } else {
        const pick = stats
          .sort((a, b) => (a.total.available > 0 ? a.total.used / a.total.available : 2) - (b.total.available > 0 ? b.total.used / b.total.available : 2) || a.id.localeCompare(b.id))
          .slice(0, w.removeChairs);
        for (const r of pick) removed.add(r.id);
        describe.push(`remove ${w.removeChairs} chair(s), the least used over the history window: ${pick.map((r) => r.id).join(', ')}`);
      }
    }
    let providerMinutes = 0;
    let providerSample = 0;
    if (w.addProviderDays.length) {
      const [row] = await this.prisma.$queryRaw<{ minutes: number | null; days: number }[]>(providerDaySql(L.clinic.id, L.histFrom, L.histTo, w.providerRole));
      if (!row || row.minutes === null || row.days === 0) {
        errors.push({
          field: w.providerRole ? 'providerRole' : 'addProviderDays',
          message: `cannot size a provider day: no ${w.providerRole ? `"${w.providerRole}" ` : ''}provider-days with bookings in the history window (${L.histFrom} … ${L.histTo})`,
        });
      } else {
        providerMinutes = row.minutes;
        providerSample = row.days;
      }
    }
    if (errors.length) throw new ValidationFailed(errors);
    if (w.removeResourceIds.length) describe.unshift(`remove ${w.removeResourceIds.join(', ')}`);
    if (w.addChairs) describe.push(`add ${w.addChairs} chair(s) with the clinic's opening hours`);
    for (const e of w.extendHours) describe.push(`${WEEKDAY_NAMES[e.weekday]}s: every open ${kinds.length > 1 ? 'chair and room' : kinds[0].toLowerCase()} ${e.minutes > 0 ? `${e.minutes} minutes longer` : `${-e.minutes} minutes shorter`}`);
    const counts = new Map<number, number>();
    for (const d of w.addProviderDays) counts.set(d, (counts.get(d) ?? 0) + 1);
    for (const [d, n] of counts) describe.push(`${WEEKDAY_NAMES[d]}s: ${n} more ${w.providerRole ?? 'provider'} day${n > 1 ? 's' : ''} (+${h2(n * providerMinutes)} booked chair-hours)`);
    return { removed, describe, providerMinutes, providerSample, providerDays: counts };
  }

  private scenario(L: Loaded, days: FutureDay[], kinds: Kind[], w: WhatIf, s: { removed: Set<string>; providerMinutes: number; providerDays: Map<number, number> }): Scenario {
    const ext = new Map(w.extendHours.map((e) => [e.weekday, e.minutes]));
    const adjust = (a: number, dow: number) => (a > 0 && ext.has(dow) ? Math.min(1440, Math.max(0, a + ext.get(dow)!)) : a);
    const avail = new Map<string, number>();
    for (const r of L.future) {
      const dow = isoDow(dayNumber(r.date));
      if (r.resourceId === null) {
        if (w.addChairs && kinds.includes('CHAIR')) avail.set(r.date, (avail.get(r.date) ?? 0) + w.addChairs * adjust(r.available, dow));
        continue;
      }
      if (!kinds.includes(r.kind!) || s.removed.has(r.resourceId)) continue;
      avail.set(r.date, (avail.get(r.date) ?? 0) + adjust(r.available, dow));
    }
    const available = days.map((d) => avail.get(d.date) ?? 0);
    const extraDemand = days.map((d, i) => (available[i] > 0 ? (s.providerDays.get(isoDow(d.day)) ?? 0) * s.providerMinutes : 0));
    return { available, extraDemand };
  }

  // ------------------------------------------------------------------------------ answer blocks

  private modelBlock(L: Loaded, s: SeriesAnalysis) {
    const f = s.fit;
    const notes: string[] = [];
    const realization = (() => {
      let used = 0;
      let booked = 0;
      for (const r of L.daily) if (s.kinds.includes(r.kind) && r.date <= L.histTo) ((used += r.used), (booked += r.booked));
      return booked > 0 ? used / booked : null;
    })();
    let method: string;
    let description: string;
    if (!f) {
      method = 'bookings-only';
      description = 'No history in the window: the projection shows only the bookings already made; there is no forecast of bookings still to come and no interval.';
      notes.push(`No open day with a daily row between ${L.histFrom} and ${L.histTo} (a new clinic, or the days are not rolled up yet).`);
    } else if (f.method === 'weekday-mean') {
      method = 'weekday-mean';
      description = 'Simple method for a short history: the mean booked utilization of each weekday seen at least 3 times (else the overall mean), no trend; intervals from the spread around those means.';
      notes.push(`Only ${f.n} open day(s) over ${f.last - f.first + 1} day(s) of history (under 4 weeks): the simple method is used and the figures are rough.${f.sigmaAssumed ? ` Too few days to measure the spread: an assumed sd of ${f.sigma} is used.` : ''}`);
    } else {
      method = f.method;
      description =
        'Ordinary least squares on the open days of the history window: one level per weekday' +
        (f.trend ? ' plus a linear trend' : '') +
        '; prediction intervals σ²(1 + x\'(X\'X)⁻¹x) with Student-t quantiles, widened where the backtest found larger errors; weeks and windows add the day variances with the within-week correlation of the residuals.';
    }
    if (f && f.trendT !== null) {
      notes.push(f.trend ? `Trend kept: ${(f.trendPerWeek! * 100).toFixed(2)} points per week (t = ${f.trendT.toFixed(1)}).` : `No significant trend (t = ${f.trendT.toFixed(1)}, needs |t| ≥ 2): flat weekday levels.`);
    }
    if (s.bt.byLead.some((b) => b.scale80 > 1.001 || b.scale95 > 1.001)) {
      notes.push('The backtest found errors larger than the model expected at some leads: those intervals are widened (backtest.byLead.intervalWidening80/95).');
    }
    notes.push(
      s.curve.observable
        ? `Coming days: demand = booked + (1 − share booked by that lead) × the model's forecast (booking curve from ${s.curve.usableDays} past days).`
        : `Coming days: demand = the larger of what is already booked and the model's forecast (the booking curve is not observable: see bookingCurve).`,
    );
    return {
      target: 'booked (scheduled) utilization per day = booked ÷ available chair minutes (SPEC §2 scheduledUtilizationRate): demand, before no-shows',
      method,
      description,
      openDays: f?.n ?? 0,
      weekdayLevels: f ? Object.fromEntries(Object.entries(weekdayLevels(f)).map(([k, v]) => [k, r4(v)])) : null,
      trendPerWeek: f?.trendPerWeek != null ? r4(f.trendPerWeek) : null,
      residualSd: f ? r4(f.sigma) : null,
      withinWeekCorrelation: f ? r4(f.icc) : null,
      degreesOfFreedom: f?.dof ?? null,
      realization: r4(realization),
      realizationNote: 'share of booked chair time that was really used (no-shows, late starts, early finishes); expected actual utilization ≈ projected × realization',
      notes,
    };
  }

  private curveBlock(L: Loaded, s: SeriesAnalysis) {
    const c = s.curve;
    const note = c.observable
      ? `Learned from ${c.usableDays} past days whose bookings are known being made (booking time = the session's bookedAt, else when the service first saw it), up to ${c.maxLead} days ahead.`
      : L.watchStart === null
        ? 'No sessions yet: no booking curve.'
        : `Not observable: the earliest known booking of this clinic is from ${L.watchStart}, so fewer than ${CURVE_MIN_DAYS} past days are known being booked ahead (past sessions loaded in bulk without bookedAt carry the load time; send bookedAt). ` +
          'Coming days are compared with the forecast instead, and the curve appears once enough days have been watched.';
    return {
      observable: c.observable,
      watchingSince: L.watchStart,
      usableDays: c.usableDays,
      maxLead: c.maxLead,
      note,
      points: CURVE_LEADS.filter((l) => c.points.has(l)).map((l) => {
        const p = c.points.get(l)!;
        return { lead: l, shareOfFinal: r4(p.pooledShare), typicalBookedUtilization: r4(p.pooledBooked.p50), p10: r4(p.pooledBooked.p10), p90: r4(p.pooledBooked.p90), days: p.days };
      }),
    };
  }

  /** Adds the booked-to-date comparison to each coming day. */
  private withPace(L: Loaded, s: SeriesAnalysis) {
    return s.projection.days.map((d, i) => {
      const day = s.days[i];
      if (day.available <= 0) return { ...d, bookedToDate: null };
      const b = day.booked / day.available;
      const point = s.curve.observable ? s.curve.points.get(day.lead) : undefined;
      if (point) {
        const dist = point.booked.get(d.weekday) ?? point.pooledBooked;
        const status = b < dist.p10 ? 'behind' : b > dist.p90 ? 'ahead' : 'normal';
        return {
          ...d,
          bookedToDate: {
            utilization: r4(b),
            typical: r4(dist.p50),
            typicalRange: { low: r4(dist.p10), high: r4(dist.p90) },
            basis: 'past days at the same lead',
            status,
          },
        };
      }
      const f = s.forecasts[i];
      const status = b > L.band.riskThreshold ? 'ahead' : null;
      return { ...d, bookedToDate: { utilization: r4(b), typical: null, typicalRange: null, basis: f.modelRate === null ? 'no history' : 'booking curve not observable', status } };
    });
  }
}

/** A proposal of the suggestion engine in the shape of /capacity (its kind as `type`). */
function capacitySuggestion(p: Proposal) {
  const { kind, ...rest } = p;
  return { type: kind, ...rest };
}

function compare(base: ProjectionOut, alt: ProjectionOut) {
  const d = (a: number | null, b: number | null) => (a === null || b === null ? null : r4(b - a));
  return {
    availableChairHours: { baseline: base.summary.availableChairHours, whatIf: alt.summary.availableChairHours, change: Math.round((alt.summary.availableChairHours - base.summary.availableChairHours) * 100) / 100 },
    projectedUtilization: { baseline: base.summary.projectedUtilization, whatIf: alt.summary.projectedUtilization, change: d(base.summary.projectedUtilization, alt.summary.projectedUtilization) },
    riskDays: { baseline: base.summary.riskDays, whatIf: alt.summary.riskDays },
    lowDays: { baseline: base.summary.lowDays, whatIf: alt.summary.lowDays },
    status: { baseline: base.summary.status, whatIf: alt.summary.status },
    summary:
      base.summary.projectedUtilization === null || alt.summary.projectedUtilization === null
        ? 'No projected utilization to compare (no open days).'
        : `Projected booked utilization ${pct(base.summary.projectedUtilization)} → ${pct(alt.summary.projectedUtilization)}; ` +
          `days at overbooking risk ${base.summary.riskDays} → ${alt.summary.riskDays}; low days ${base.summary.lowDays} → ${alt.summary.lowDays}.`,
  };
}
