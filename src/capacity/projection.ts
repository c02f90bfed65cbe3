/**
 * Turns day forecasts (rates, src/capacity/forecast.ts) into the projection of the answer: demand in chair
 * minutes per day, week and 30/60/90-day window against the available chair time, with intervals, the band
 * status, overbooking-risk days and the chair-hours to add (or that could be released) to stay in the band.
 *
 * A what-if changes the supply (available minutes per day) and may add demand (a provider day); demand is
 * otherwise held at the baseline forecast, so a change of hours or chairs moves the rate, not the patients.
 */
import { classify, type Band, type BandStatus } from '../domain/band.js';
import { dateOf, isoDow, weekStart } from '../domain/calendar.js';
import { tQuantile } from '../domain/statistics.js';
import { exceedProbability, type DayForecast, type Fit } from './forecast.js';

export interface FutureDay {
  day: number;
  date: string;
  lead: number;
  /** baseline available and booked (as of the analysis) minutes of the analysed resources */
  available: number;
  booked: number;
}

export interface Scenario {
  /** available minutes per day (same order as the days) */
  available: number[];
  /** demand added per day (minutes) */
  extraDemand: number[];
}

export interface Actual {
  available: number;
  booked: number;
  used: number;
}

const r4 = (v: number | null) => (v === null || !Number.isFinite(v) ? null : Math.round(v * 10_000) / 10_000);
const h2 = (minutes: number) => Math.round((minutes / 60) * 100) / 100;
const interval = (lo: number | null, hi: number | null) => (lo === null || hi === null ? null : { low: r4(lo), high: r4(hi) });

/** A day is at `possible` overbooking risk when the chance that it ends above the risk threshold is at least this. */
export const POSSIBLE_RISK = 0.2;

export type Risk = 'likely' | 'possible' | null;

export interface DayOut {
  date: string;
  weekday: number;
  lead: number;
  closed: boolean;
  availableChairHours: number;
  bookedChairHours: number;
  bookedUtilization: number | null;
  projectedChairHours: number;
  projectedUtilization: number | null;
  interval80: { low: number | null; high: number | null } | null;
  interval95: { low: number | null; high: number | null } | null;
  /** how the day was forecast (null on closed days) */
  method: DayForecast['basis'] | null;
  status: BandStatus | null;
  overbookingRisk: Risk;
  overbookingProbability: number | null;
  chairHoursToAdd: number;
  chairHoursToRelease: number;
  actual?: { bookedUtilization: number | null; utilization: number | null };
}

export interface AggOut {
  from: string;
  to: string;
  days: number;
  openDays: number;
  availableChairHours: number;
  bookedChairHours: number;
  projectedChairHours: number;
  bookedUtilization: number | null;
  projectedUtilization: number | null;
  interval80: { low: number | null; high: number | null } | null;
  interval95: { low: number | null; high: number | null } | null;
  status: BandStatus | null;
  riskDays: number;
  lowDays: number;
  chairHoursToAdd: number;
  chairHoursToRelease: number;
}

export interface ProjectionOut {
  summary: AggOut;
  windows: (AggOut & { horizonDays: number })[];
  weeks: (AggOut & { weekStart: string; partial: boolean })[];
  days: DayOut[];
  riskDays: {
    date: string;
    weekday: number;
    projectedUtilization: number | null;
    interval80: DayOut['interval80'];
    overbookingRisk: Risk;
    overbookingProbability: number | null;
    chairHoursToAdd: number;
  }[];
  accuracy?: { days: number; mae: number | null; coverage80: number | null; coverage95: number | null; note: string };
}

interface DayCalc {
  i: number;
  d: FutureDay;
  f: DayForecast;
  A: number; // scenario available
  E: number; // extra demand
  D: number; // demand minutes
  rate: number | null;
  lo80: number | null;
  hi80: number | null;
  lo95: number | null;
  hi95: number | null;
  risk: Risk;
  prob: number | null;
}

export function project(
  days: FutureDay[],
  forecasts: DayForecast[],
  fit: Fit | null,
  band: Band,
  scenario: Scenario | null,
  actuals: Map<number, Actual> | null,
): ProjectionOut {
  const calcs: DayCalc[] = days.map((d, i) => {
    const f = forecasts[i];
    const A = scenario ? scenario.available[i] : d.available;
    const E = scenario ? scenario.extraDemand[i] : 0;
    const D = d.available > 0 ? f.rate * d.available + E : E;
    const scale = (v: number | null) => (v === null || A <= 0 ? null : (v * d.available + E) / A);
    const rate = A > 0 ? D / A : null;
    const lo80 = scale(f.lo80);
    const hi80 = scale(f.hi80);
    let risk: Risk = null;
    let prob: number | null = null;
    if (rate !== null) {
      if (f.basis !== 'bookings-only' && d.available > 0) {
        const b = d.booked / d.available;
        prob = exceedProbability(f, b, (band.riskThreshold * A - E) / d.available);
      } else prob = rate > band.riskThreshold ? 1 : null;
      if (rate > band.riskThreshold) risk = 'likely';
      else if (prob !== null && prob >= POSSIBLE_RISK) risk = 'possible';
    }
    return { i, d, f, A, E, D, rate, lo80, hi80, lo95: scale(f.lo95), hi95: scale(f.hi95), risk, prob };
  });

  const dof = fit?.dof ?? Infinity;
  const t80 = tQuantile(0.9, dof);
  const t95 = tQuantile(0.975, dof);
  const toAdd = (D: number, A: number) => h2(Math.max(0, D / band.targetHigh - A));
  const toRelease = (D: number, A: number) => (A > 0 ? h2(Math.max(0, A - D / band.targetLow)) : 0);

  const aggregate = (set: DayCalc[]): AggOut => {
    let A = 0;
    let A0 = 0;
    let B = 0;
    let D = 0;
    let E = 0;
    let noiseSq = 0;
    const weekNoise = new Map<number, number>();
    const g = fit ? new Array(fit.beta.length).fill(0) : null;
    let modelled = false;
    let scaleW = 0;
    let s80 = 0;
    let s95 = 0;
    for (const c of set) {
      A += c.A;
      A0 += c.d.available;
      B += c.d.booked;
      D += c.D;
      E += c.E;
      if (c.d.available > 0 && c.f.basis !== 'bookings-only') {
        modelled = true;
        scaleW += c.d.available;
        s80 += c.d.available * c.f.scale80;
        s95 += c.d.available * c.f.scale95;
        const n = c.d.available * c.f.noiseSd;
        noiseSq += n * n;
        const w = weekStart(c.d.day);
        weekNoise.set(w, (weekNoise.get(w) ?? 0) + n);
        if (g && c.f.x)
          c.f.x.forEach((v, j) => {
            g[j] += c.d.available * c.f.k * v;
          });
      }
    }
    let lo80: number | null = null;
    let hi80: number | null = null;
    let lo95: number | null = null;
    let hi95: number | null = null;
    if (modelled && fit && A > 0) {
      const rho = fit.icc;
      let within = 0;
      for (const v of weekNoise.values()) within += v * v;
      let param = 0;
      if (g) {
        const s2 = fit.sigma ** 2;
        for (let i = 0; i < g.length; i++) for (let j = 0; j < g.length; j++) param += g[i] * fit.xtxInv[i][j] * g[j] * s2;
      }
      const sd = Math.sqrt((1 - rho) * noiseSq + rho * within + param);
      const floor = B + E;
      const cap = A0 + E;
      const lim = (v: number) => Math.min(cap, Math.max(floor, v)) / A;
      // the backtest's widening of the days, weighted by their chair time
      const w80 = t80 * (s80 / scaleW);
      const w95 = t95 * (s95 / scaleW);
      lo80 = lim(D - w80 * sd);
      hi80 = lim(D + w80 * sd);
      lo95 = lim(D - w95 * sd);
      hi95 = lim(D + w95 * sd);
    }
    const rate = A > 0 ? D / A : null;
    return {
      from: set.length ? set[0].d.date : '',
      to: set.length ? set[set.length - 1].d.date : '',
      days: set.length,
      openDays: set.filter((c) => c.A > 0).length,
      availableChairHours: h2(A),
      bookedChairHours: h2(B),
      projectedChairHours: h2(D),
      bookedUtilization: r4(A > 0 ? B / A : null),
      projectedUtilization: r4(rate),
      interval80: interval(lo80, hi80),
      interval95: interval(lo95, hi95),
      status: classify(rate, band),
      riskDays: set.filter((c) => c.risk !== null).length,
      lowDays: set.filter((c) => c.rate !== null && c.rate < band.lowThreshold).length,
      chairHoursToAdd: toAdd(D, A),
      chairHoursToRelease: toRelease(D, A),
    };
  };

  const dayOut = calcs.map((c): DayOut => {
    const out: DayOut = {
      date: c.d.date,
      weekday: isoDow(c.d.day),
      lead: c.d.lead,
      closed: c.A <= 0,
      availableChairHours: h2(c.A),
      bookedChairHours: h2(c.d.booked),
      bookedUtilization: r4(c.A > 0 ? c.d.booked / c.A : null),
      projectedChairHours: h2(c.D),
      projectedUtilization: r4(c.rate),
      interval80: interval(c.lo80, c.hi80),
      interval95: interval(c.lo95, c.hi95),
      method: c.A <= 0 && c.d.available <= 0 ? null : c.f.basis,
      status: classify(c.rate, band),
      overbookingRisk: c.risk,
      overbookingProbability: c.prob === null ? null : Math.round(c.prob * 100) / 100,
      chairHoursToAdd: toAdd(c.D, c.A),
      chairHoursToRelease: toRelease(c.D, c.A),
    };
    const a = actuals?.get(c.d.day);
    if (a)
      out.actual = { bookedUtilization: r4(a.available > 0 ? a.booked / a.available : null), utilization: r4(a.available > 0 ? a.used / a.available : null) };
    return out;
  });

  const weeks = new Map<number, DayCalc[]>();
  for (const c of calcs) {
    const w = weekStart(c.d.day);
    const list = weeks.get(w);
    if (list) list.push(c);
    else weeks.set(w, [c]);
  }

  const out: ProjectionOut = {
    summary: aggregate(calcs),
    windows: [30, 60, 90].filter((n) => n <= (calcs.at(-1)?.d.lead ?? 0)).map((n) => ({ horizonDays: n, ...aggregate(calcs.filter((c) => c.d.lead <= n)) })),
    weeks: [...weeks.entries()].map(([w, set]) => ({ weekStart: dateOf(w), partial: set.length < 7, ...aggregate(set) })),
    days: dayOut,
    riskDays: dayOut
      .filter((d) => d.overbookingRisk)
      .map((d) => ({
        date: d.date,
        weekday: d.weekday,
        projectedUtilization: d.projectedUtilization,
        interval80: d.interval80,
        overbookingRisk: d.overbookingRisk,
        overbookingProbability: d.overbookingProbability,
        chairHoursToAdd: d.chairHoursToAdd,
      })),
  };

  if (actuals && !scenario) {
    const scored = calcs.filter((c) => c.rate !== null && c.lo80 !== null && (actuals.get(c.d.day)?.available ?? 0) > 0);
    if (scored.length) {
      const act = (c: DayCalc) => actuals.get(c.d.day)!.booked / actuals.get(c.d.day)!.available;
      out.accuracy = {
        days: scored.length,
        mae: r4(scored.reduce((s, c) => s + Math.abs(act(c) - c.rate!), 0) / scored.length),
        coverage80: r4(scored.filter((c) => act(c) >= c.lo80! - 1e-9 && act(c) <= c.hi80! + 1e-9).length / scored.length),
        coverage95: r4(scored.filter((c) => act(c) >= c.lo95! - 1e-9 && act(c) <= c.hi95! + 1e-9).length / scored.length),
        note: 'Replay: the projected booked utilization of days that are now over, against what was really booked (daily rows).',
      };
    }
  }
  return out;
}
