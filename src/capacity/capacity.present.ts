/**
 * /capacity, step 3 of 3 (load → model → present): the answer's blocks, rounded, with their prose.
 */
import { classify } from '../domain/band.js';
import { percentText } from '../domain/numbers.js';
import type { CapacityQuery, WhatIf } from './capacity.query.js';
import type { Kind, Loaded } from './capacity.load.js';
import type { SeriesAnalysis, scenarioInputs } from './capacity.model.js';
import { dateOf, hh, WEEKDAY_NAMES } from '../domain/calendar.js';
import { CURVE_MIN_DAYS, weekdayLevels, type BacktestResult } from './forecast.js';
import type { ProjectionOut } from './projection.js';
import type { Proposal } from './suggestions.js';

const r4 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 10_000) / 10_000);
const h2 = (minutes: number) => Math.round((minutes / 60) * 100) / 100;
const CURVE_LEADS = [1, 2, 3, 5, 7, 10, 14, 21, 28, 35, 42, 56, 70, 90];

export interface Analysis {
  L: Loaded;
  q: CapacityQuery;
  main: SeriesAnalysis;
  occurrences: Map<number, number>;
  whatIf: { w: WhatIf; input: ReturnType<typeof scenarioInputs>; projection: ProjectionOut } | null;
  byKind: { kind: Kind; series: SeriesAnalysis }[] | undefined;
  suggestions: Proposal[];
}

/** The answer of /capacity. */
export function presentAnalysis(a: Analysis) {
  const { L, q, main } = a;
  const replay = L.asOf < L.today;
  return {
    clinicId: L.clinic.id,
    clinicName: L.clinic.name,
    timeZone: L.clinic.timeZone,
    asOf: L.asOf,
    today: L.today,
    bookingsKnownAt: L.cutoff.toISOString(),
    kind: q.kind ?? 'ALL',
    band: L.band,
    history: {
      from: L.histFrom,
      to: L.histTo,
      openDays: main.obs.length,
      firstDay: main.fit ? dateOf(main.fit.first) : null,
    },
    heatmap: heatmapBlock(L, a.occurrences),
    model: modelBlock(L, main),
    backtest: backtestBlock(main, L.horizon),
    bookingCurve: curveBlock(L, main),
    projection: { horizonDays: L.horizon, from: L.projFrom, to: L.projTo, ...main.projection, days: withPace(L, main) },
    ...(a.byKind
      ? {
          byKind: a.byKind.map(({ kind, series: s }) => ({
            kind,
            method: s.fit?.method ?? 'bookings-only',
            summary: s.projection.summary,
            windows: s.projection.windows,
          })),
        }
      : {}),
    whatIf: a.whatIf ? whatIfBlock(main, a.whatIf) : null,
    suggestions: a.suggestions.map(capacitySuggestion),
    ...(replay
      ? {
          replay: {
            note: `Made as of ${L.asOf} with the history and bookings known then; days that are over carry "actual" (what was really booked and used) and projection.accuracy scores them.`,
          },
        }
      : {}),
  };
}

function whatIfBlock(main: SeriesAnalysis, x: NonNullable<Analysis['whatIf']>) {
  return {
    changes: x.input.describe,
    assumptions: [
      'Demand is held at the baseline forecast: a change of hours or chairs changes the available time, not the number of patients.',
      ...(x.w.addProviderDays.length
        ? [
            `A provider day adds ${h2(x.input.providerMinutes)} booked chair-hours (the median booked minutes of a ${x.w.providerRole ?? 'provider'} day over the history window, ${x.input.providerSample} provider-days).`,
          ]
        : []),
      'Utilization above 100 % means demand the remaining chair time cannot hold.',
    ],
    projection: x.projection,
    comparison: compare(main.projection, x.projection),
  };
}

function backtestBlock(main: SeriesAnalysis, horizon: number) {
  const bt: BacktestResult = main.bt;
  return {
    scope: main.curve.observable
      ? 'history model with the booking curve (bookings as they stood at each lead)'
      : 'history model alone (past bookings cannot be replayed at their lead: see bookingCurve)',
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
      ...b,
      mae: r4(b.mae),
      maeSeasonalNaive: r4(b.maeSeasonalNaive),
      coverage80: r4(b.coverage80),
      coverage95: r4(b.coverage95),
      intervalWidening80: r4(b.scale80),
      intervalWidening95: r4(b.scale95),
      scale80: undefined,
      scale95: undefined,
    })),
    note:
      bt.origins === 0
        ? 'Not enough history for a backtest: each origin needs at least 4 weeks of history before it and days after it before asOf.'
        : `Rolling origins every 7 days (${bt.origins}), each fitted on the days before it and scored on the open days up to ${horizon} days after it (before asOf). ` +
          'Errors are in utilization points (0.05 = 5 points). MASE < 1 and relativeMae < 1 beat the seasonal-naive forecast (same weekday, last week); ' +
          "coverage80/95: shares of actual days inside the model's own 80 %/95 % intervals. Where they fell short, the live intervals are widened by " +
          'intervalWidening (per lead range, never narrowed); calibratedCoverage80/95 is the coverage after widening, on the same (in-sample) points.',
  };
}

/** The heatmap block: the one grid (src/capacity/heatmap.ts) in chair-hours, its weekdays, and the busiest peaks and quietest lows. */
export function heatmapBlock(L: Loaded, occurrences: Map<number, number>) {
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
      return {
        weekday: d,
        name: WEEKDAY_NAMES[d],
        days: occurrences.get(d) ?? 0,
        availableChairHours: h2(a),
        usedChairHours: h2(u),
        bookedChairHours: h2(b),
        utilization: r4(a > 0 ? u / a : null),
        bookedUtilization: r4(a > 0 ? b / a : null),
        status: classify(a > 0 ? u / a : null, band),
      };
    })
    .filter((w) => w.availableChairHours > 0);
  const pick = (s: 'peak' | 'low') =>
    outCells.filter((c) => c.status === s).sort((a, b) => (s === 'peak' ? b.utilization! - a.utilization! : a.utilization! - b.utilization!));
  return {
    basis:
      'utilization = used ÷ available chair minutes per weekday and local hour over the history window (the hourly buckets of the daily engine); bookedUtilization = booked ÷ available',
    from: L.histFrom,
    to: L.histTo,
    thresholds: { peak: band.riskThreshold, low: band.lowThreshold },
    peakCells: pick('peak').length,
    lowCells: pick('low').length,
    peaks: pick('peak')
      .slice(0, 5)
      .map((c) => ({ label: c.label, utilization: c.utilization, availableChairHoursPerWeek: c.availableChairHoursPerWeek })),
    lows: pick('low')
      .slice(0, 5)
      .map((c) => ({ label: c.label, utilization: c.utilization, availableChairHoursPerWeek: c.availableChairHoursPerWeek })),
    weekdays,
    cells: outCells,
  };
}

function modelBlock(L: Loaded, s: SeriesAnalysis) {
  const f = s.fit;
  const notes: string[] = [];
  const realization = (() => {
    let used = 0;
    let booked = 0;
    for (const r of L.daily)
      if (s.kinds.includes(r.kind) && r.date <= L.histTo) {
        used += r.used;
        booked += r.booked;
      }
    return booked > 0 ? used / booked : null;
  })();
  let method: string;
  let description: string;
  if (!f) {
    method = 'bookings-only';
    description =
      'No history in the window: the projection shows only the bookings already made; there is no forecast of bookings still to come and no interval.';
    notes.push(`No open day with a daily row between ${L.histFrom} and ${L.histTo} (a new clinic, or the days are not rolled up yet).`);
  } else if (f.method === 'weekday-mean') {
    method = 'weekday-mean';
    description =
      'Simple method for a short history: the mean booked utilization of each weekday seen at least 3 times (else the overall mean), no trend; intervals from the spread around those means.';
    notes.push(
      `Only ${f.n} open day(s) over ${f.last - f.first + 1} day(s) of history (under 4 weeks): the simple method is used and the figures are rough.${f.sigmaAssumed ? ` Too few days to measure the spread: an assumed sd of ${f.sigma} is used.` : ''}`,
    );
  } else {
    method = f.method;
    description =
      'Ordinary least squares on the open days of the history window: one level per weekday' +
      (f.trend ? ' plus a linear trend' : '') +
      "; prediction intervals σ²(1 + x'(X'X)⁻¹x) with Student-t quantiles, widened where the backtest found larger errors; weeks and windows add the day variances with the within-week correlation of the residuals.";
  }
  if (f && f.trendT !== null) {
    notes.push(
      f.trend
        ? `Trend kept: ${(f.trendPerWeek! * 100).toFixed(2)} points per week (t = ${f.trendT.toFixed(1)}).`
        : `No significant trend (t = ${f.trendT.toFixed(1)}, needs |t| ≥ 2): flat weekday levels.`,
    );
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
    realizationNote:
      'share of booked chair time that was really used (no-shows, late starts, early finishes); expected actual utilization ≈ projected × realization',
    notes,
  };
}

function curveBlock(L: Loaded, s: SeriesAnalysis) {
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
      return {
        lead: l,
        shareOfFinal: r4(p.pooledShare),
        typicalBookedUtilization: r4(p.pooledBooked.p50),
        p10: r4(p.pooledBooked.p10),
        p90: r4(p.pooledBooked.p90),
        days: p.days,
      };
    }),
  };
}

/** Adds the booked-to-date comparison to each coming day. */
function withPace(L: Loaded, s: SeriesAnalysis) {
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
    return {
      ...d,
      bookedToDate: {
        utilization: r4(b),
        typical: null,
        typicalRange: null,
        basis: f.modelRate === null ? 'no history' : 'booking curve not observable',
        status,
      },
    };
  });
}

/** A proposal of the suggestion engine in the shape of /capacity (its kind as `type`). */
function capacitySuggestion(p: Proposal) {
  const { kind, ...rest } = p;
  return { type: kind, ...rest };
}

function compare(base: ProjectionOut, alt: ProjectionOut) {
  const d = (a: number | null, b: number | null) => (a === null || b === null ? null : r4(b - a));
  return {
    availableChairHours: {
      baseline: base.summary.availableChairHours,
      whatIf: alt.summary.availableChairHours,
      change: Math.round((alt.summary.availableChairHours - base.summary.availableChairHours) * 100) / 100,
    },
    projectedUtilization: {
      baseline: base.summary.projectedUtilization,
      whatIf: alt.summary.projectedUtilization,
      change: d(base.summary.projectedUtilization, alt.summary.projectedUtilization),
    },
    riskDays: { baseline: base.summary.riskDays, whatIf: alt.summary.riskDays },
    lowDays: { baseline: base.summary.lowDays, whatIf: alt.summary.lowDays },
    status: { baseline: base.summary.status, whatIf: alt.summary.status },
    summary:
      base.summary.projectedUtilization === null || alt.summary.projectedUtilization === null
        ? 'No projected utilization to compare (no open days).'
        : `Projected booked utilization ${percentText(base.summary.projectedUtilization)} → ${percentText(alt.summary.projectedUtilization)}; ` +
          `days at overbooking risk ${base.summary.riskDays} → ${alt.summary.riskDays}; low days ${base.summary.lowDays} → ${alt.summary.lowDays}.`,
  };
}
