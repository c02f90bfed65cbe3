/**
 * /capacity, step 2 of 3 (load → model → present): the series of booked utilization, its fit, booking curve, backtest
 * and projection per set of kinds; open days per weekday; the resources' use; the what-if scenario. No SQL, no prose
 * beyond the what-if's description of its changes.
 */
import { ValidationFailed } from '../common/errors.js';
import type { WhatIf } from './capacity.query.js';
import type { Kind, Loaded, ProviderDay, ResourceRow } from './capacity.load.js';
import { addDays, dayNumber, isoDow, WEEKDAY_NAMES } from '../domain/calendar.js';
import {
  backtest,
  combine,
  curveShare,
  fitHistory,
  learnCurve,
  predict,
  type BacktestResult,
  type Curve,
  type DayForecast,
  type Fit,
  type LeadRow,
  type Obs,
} from './forecast.js';
import { project, type Actual, type FutureDay, type ProjectionOut, type Scenario } from './projection.js';
import type { ResourceStat, Totals } from './suggestions.js';

const h2 = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

export interface SeriesAnalysis {
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

/** The booked-utilization series of some kinds: fit, booking curve, backtest, and the projection of the coming days. */
export function series(L: Loaded, kinds: Kind[]): SeriesAnalysis {
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

/** Open days per weekday and weeks with data over the history window (of the kinds analysed). */
export function openDays(L: Loaded, kinds: Kind[]) {
  const occurrences = new Map<number, number>();
  const perDate = new Map<string, number>();
  for (const r of L.daily) {
    if (!kinds.includes(r.kind) || r.date > L.histTo) continue;
    perDate.set(r.date, (perDate.get(r.date) ?? 0) + r.available);
  }
  for (const [date, a] of perDate) if (a > 0) occurrences.set(isoDow(dayNumber(date)), (occurrences.get(isoDow(dayNumber(date))) ?? 0) + 1);
  const weeks = perDate.size / 7;
  return { occurrences, weeks };
}

/** Each resource of the kinds over the history window, in all and per ISO weekday. */
export function resourceStats(resources: ResourceRow[], resourceDow: Loaded['resourceDow'], kinds: Kind[]): ResourceStat[] {
  const map = new Map<string, ResourceStat>();
  for (const r of resources) {
    if (!kinds.includes(r.kind)) continue;
    map.set(r.id, {
      id: r.id,
      name: r.name,
      kind: r.kind,
      active: r.active,
      total: { days: 0, available: 0, used: 0, booked: 0 },
      byDow: new Map<number, Totals>(),
    });
  }
  for (const x of resourceDow) {
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

/** Open resources and their minutes per coming date (of the kinds analysed). */
export function openResources(L: Loaded, kinds: Kind[]): Map<string, { count: number; minutes: number }> {
  const out = new Map<string, { count: number; minutes: number }>();
  for (const r of L.future) {
    if (!r.resourceId || !kinds.includes(r.kind!) || r.available <= 0) continue;
    const o = out.get(r.date) ?? { count: 0, minutes: 0 };
    o.count++;
    o.minutes += r.available;
    out.set(r.date, o);
  }
  return out;
}

/**
 * A what-if's changes checked against the clinic (400 naming each wrong parameter) and described; `providerDay` sizes an
 * added provider day (CapacityRepository.providerDay, only when provider days are added).
 */
export function scenarioInputs(L: Loaded, w: WhatIf, kinds: Kind[], providerDay: ProviderDay | undefined) {
  const byId = new Map(L.resources.map((r) => [r.id, r]));
  const errors: { field: string; message: string }[] = [];
  const removed = new Set<string>();
  for (const id of w.removeResourceIds) {
    const r = byId.get(id);
    if (!r || !r.active) errors.push({ field: 'removeResourceId', message: `"${id}" is not an active resource of ${L.clinic.id}` });
    else if (!kinds.includes(r.kind))
      errors.push({ field: 'removeResourceId', message: `"${id}" is a ${r.kind}, but the analysis is of ${kinds.join(' and ')}; drop kind or this id` });
    else if (removed.has(id)) errors.push({ field: 'removeResourceId', message: `"${id}" is given twice` });
    else removed.add(id);
  }
  const describe: string[] = [];
  if (w.removeChairs) {
    const stats = resourceStats(L.resources, L.resourceDow, ['CHAIR']).filter((r) => r.active && !removed.has(r.id));
    if (w.removeChairs > stats.length) {
      errors.push({
        field: 'removeChairs',
        message: `is ${w.removeChairs}, but ${L.clinic.id} has ${stats.length} active chair(s)${removed.size ? ' besides removeResourceId' : ''}`,
      });
    } else {
      const pick = stats
        .sort(
          (a, b) =>
            (a.total.available > 0 ? a.total.used / a.total.available : 2) - (b.total.available > 0 ? b.total.used / b.total.available : 2) ||
            a.id.localeCompare(b.id),
        )
        .slice(0, w.removeChairs);
      for (const r of pick) removed.add(r.id);
      describe.push(`remove ${w.removeChairs} chair(s), the least used over the history window: ${pick.map((r) => r.id).join(', ')}`);
    }
  }
  let providerMinutes = 0;
  let providerSample = 0;
  if (w.addProviderDays.length) {
    const row = providerDay;
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
  for (const e of w.extendHours)
    describe.push(
      `${WEEKDAY_NAMES[e.weekday]}s: every open ${kinds.length > 1 ? 'chair and room' : kinds[0].toLowerCase()} ${e.minutes > 0 ? `${e.minutes} minutes longer` : `${-e.minutes} minutes shorter`}`,
    );
  const counts = new Map<number, number>();
  for (const d of w.addProviderDays) counts.set(d, (counts.get(d) ?? 0) + 1);
  for (const [d, n] of counts)
    describe.push(`${WEEKDAY_NAMES[d]}s: ${n} more ${w.providerRole ?? 'provider'} day${n > 1 ? 's' : ''} (+${h2(n * providerMinutes)} booked chair-hours)`);
  return { removed, describe, providerMinutes, providerSample, providerDays: counts };
}

/** The available minutes and the added demand of each coming day under a what-if. */
export function scenario(
  L: Loaded,
  days: FutureDay[],
  kinds: Kind[],
  w: WhatIf,
  s: { removed: Set<string>; providerMinutes: number; providerDays: Map<number, number> },
): Scenario {
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
