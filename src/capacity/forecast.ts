/**
 * The capacity forecast: a small, documented model. Every formula of the model is here; the distributions (Student's t,
 * the normal) and the matrix inverse come from src/domain/statistics.ts.
 *
 * Target: a day's final *booked* (scheduled) utilization y = booked minutes ÷ available minutes (SPEC §2
 * `scheduledUtilizationRate`), the demand side: what patients booked, before no-shows.
 *
 * 1. History model ("weekday-trend"): ordinary least squares on the open days of the history window,
 *      y_t = β_weekday(t) + γ·(t − origin)/7 + ε_t,   ε ~ N(0, σ²)
 *    one level per weekday (weekdays seen fewer than `minPerWeekday` times share one pooled level), plus a
 *    linear trend per week that is kept only when |γ / se(γ)| ≥ 2, se inflated by the design effect of the
 *    within-week correlation (1 + (days per week − 1)·ρ) — a trend is a between-week effect.
 *    Prediction intervals are the OLS ones: Var = σ²(1 + x'(X'X)⁻¹x), Student-t quantiles with n − p degrees
 *    of freedom. Under 4 weeks of history (or fewer than 12 open days) the "weekday-mean" fallback is used:
 *    weekday means where a weekday has ≥ 3 days, else the overall mean, no trend.
 * 2. Bookings already made (the booking curve, "pickup"): from the booking times of past sessions the share of
 *    a day's final bookings that was already booked L days ahead, p_L (per weekday, ratio of sums; sessions
 *    cancelled later count while they were on the books, so p_L can exceed 1 near the day). For a coming day at lead L with booked rate b:
 *      demand = b + (1 − p_L)·f     (f = the history model's forecast; only the part still to come is forecast)
 *    with the noise of the pickup residuals at that lead. When the curve cannot be learned (the service has
 *    not seen bookings being made ahead long enough), demand = max(b, f).
 *    Either way the forecast and its interval never go below what is already booked.
 * 3. Days are aggregated to weeks and 30/60/90-day windows in minutes; their intervals add the day variances
 *    with the residuals' within-week correlation (ρ, one-way ANOVA intra-class correlation by ISO week) and
 *    the fully shared parameter uncertainty.
 * 4. Backtest on the clinic's own history: rolling origins one week apart, each fitted on the days before it,
 *    forecasting up to the horizon; MAE, MASE (scaled by the in-sample seasonal-naive MAE, lag 7), the
 *    seasonal-naive MAE on the same points, and the share of actual values inside the 80 % / 95 % intervals.
 */
import { isoDow, weekStart } from '../domain/calendar.js';
import { quantile } from '../common/quantile.js';
import { invert, normalCdf, tQuantile } from '../domain/statistics.js';

export interface Obs {
  day: number;
  y: number;
}

export interface FitOptions {
  /** days before this one (exclusive) are history; trend time 0 */
  origin: number;
  /** weekdays with fewer observations share one pooled level */
  minPerWeekday?: number;
  allowTrend?: boolean;
  /** shortest history (days) a trend is fitted on, and the |t| it needs to be kept */
  trendMinSpan?: number;
  trendMinT?: number;
}

export type Method = 'weekday-trend' | 'weekday' | 'weekday-mean';

export interface Fit {
  method: Method;
  n: number;
  /** first and last day observed */
  first: number;
  last: number;
  dof: number;
  sigma: number;
  /** true when σ could not be estimated (too few days) and a conservative default is used */
  sigmaAssumed: boolean;
  icc: number;
  /** design effect of the within-week correlation, 1 + (days per week − 1)·icc: inflates the parameter variance and deflates the trend's t */
  deff: number;
  origin: number;
  /** weekday (1–7) → column of its level; weekdays not seen map to the mean of the levels */
  dowCol: Map<number, number>;
  levels: number;
  trend: boolean;
  beta: number[];
  xtxInv: number[][];
  trendPerWeek: number | null;
  trendT: number | null;
}

export interface Pred {
  mean: number;
  noiseVar: number;
  paramVar: number;
  dof: number;
  /** x vector (for the shared parameter uncertainty of aggregates) */
  x: number[];
}

/** Short-history rule of the issue: under 4 weeks, a simple method. */
export const MIN_SPAN_DAYS = 28;
export const MIN_OPEN_DAYS = 12;
export const TREND_MIN_SPAN_DAYS = 28;
export const TREND_MIN_T = 2;
export const DEFAULT_SIGMA = 0.15;

// ------------------------------------------------------------------------------------------ small numerics

export const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
export const clamp01 = (v: number) => clamp(v, 0, 1);

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
const quad = (x: number[], m: number[][]) =>
  dot(
    x,
    m.map((row) => dot(row, x)),
  );

/** Intra-class correlation of values grouped by ISO week (one-way ANOVA estimator), clamped to [0, 0.95]. */
export function weekIcc(resid: { day: number; e: number }[]): number {
  const groups = new Map<number, number[]>();
  for (const r of resid) {
    const w = weekStart(r.day);
    const g = groups.get(w);
    if (g) g.push(r.e);
    else groups.set(w, [r.e]);
  }
  const G = groups.size;
  const N = resid.length;
  if (G < 3 || N - G < 2) return 0;
  const grand = resid.reduce((s, r) => s + r.e, 0) / N;
  let ssb = 0;
  let ssw = 0;
  let sumSq = 0;
  for (const g of groups.values()) {
    const m = g.reduce((s, v) => s + v, 0) / g.length;
    ssb += g.length * (m - grand) ** 2;
    for (const v of g) ssw += (v - m) ** 2;
    sumSq += g.length ** 2;
  }
  const msb = ssb / (G - 1);
  const msw = ssw / (N - G);
  const n0 = (N - sumSq / N) / (G - 1);
  const denom = msb + (n0 - 1) * msw;
  if (!(denom > 0)) return 0;
  return clamp((msb - msw) / denom, 0, 0.95);
}

// ------------------------------------------------------------------------------------------ the history model

function design(dowCol: Map<number, number>, levels: number, trend: boolean, origin: number, day: number): number[] {
  const x = new Array<number>(levels + (trend ? 1 : 0)).fill(0);
  const col = dowCol.get(isoDow(day));
  if (col === undefined)
    for (let j = 0; j < levels; j++) x[j] = 1 / levels; // a weekday never seen: the mean level
  else x[col] = 1;
  if (trend) x[levels] = (day - origin) / 7;
  return x;
}

function ols(obs: Obs[], dowCol: Map<number, number>, levels: number, trend: boolean, origin: number) {
  const p = levels + (trend ? 1 : 0);
  const xtx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const xty = new Array<number>(p).fill(0);
  for (const o of obs) {
    const x = design(dowCol, levels, trend, origin, o.day);
    for (let i = 0; i < p; i++) {
      if (x[i] === 0) continue;
      xty[i] += x[i] * o.y;
      for (let j = 0; j < p; j++) xtx[i][j] += x[i] * x[j];
    }
  }
  const inv = invert(xtx);
  if (!inv) return null;
  const beta = inv.map((row) => dot(row, xty));
  const resid = obs.map((o) => ({ day: o.day, e: o.y - dot(design(dowCol, levels, trend, origin, o.day), beta) }));
  const rss = resid.reduce((s, r) => s + r.e * r.e, 0);
  return { beta, inv, resid, rss, p };
}

/** Fits the history model to the open days before `origin`; null when there is no history at all. */
export function fitHistory(all: Obs[], opts: FitOptions): Fit | null {
  const obs = all.filter((o) => o.day < opts.origin && Number.isFinite(o.y));
  if (!obs.length) return null;
  const first = Math.min(...obs.map((o) => o.day));
  const last = Math.max(...obs.map((o) => o.day));
  const span = last - first + 1;
  const short = span < MIN_SPAN_DAYS || obs.length < MIN_OPEN_DAYS;
  const minPer = opts.minPerWeekday ?? (short ? 3 : 2);

  const counts = new Map<number, number>();
  for (const o of obs) counts.set(isoDow(o.day), (counts.get(isoDow(o.day)) ?? 0) + 1);
  const dowCol = new Map<number, number>();
  let levels = 0;
  for (const d of [...counts.keys()].sort()) if (counts.get(d)! >= minPer) dowCol.set(d, levels++);
  const pooled = [...counts.keys()].filter((d) => !dowCol.has(d));
  if (pooled.length) {
    for (const d of pooled) dowCol.set(d, levels);
    levels++;
  }

  const tryTrend = !short && (opts.allowTrend ?? true) && span >= (opts.trendMinSpan ?? TREND_MIN_SPAN_DAYS);
  const weeks = new Set(obs.map((o) => weekStart(o.day))).size;
  const designEffect = (resid: { day: number; e: number }[]) => 1 + Math.max(0, obs.length / weeks - 1) * weekIcc(resid);
  let fit = ols(obs, dowCol, levels, tryTrend, opts.origin);
  let trend = tryTrend && fit !== null;
  let trendT: number | null = null;
  if (fit && trend) {
    const dof = obs.length - fit.p;
    const s2 = dof > 0 ? fit.rss / dof : NaN;
    // the trend is a between-week effect: its standard error grows with the within-week correlation
    const se = Math.sqrt(s2 * fit.inv[levels][levels] * designEffect(fit.resid));
    trendT = se > 1e-12 ? fit.beta[levels] / se : 0; // an exact fit (no noise at all): no evidence of a trend
    if (!(Math.abs(trendT) >= (opts.trendMinT ?? TREND_MIN_T))) trend = false;
  }
  if (!trend) fit = ols(obs, dowCol, levels, false, opts.origin);
  if (!fit) return null;
  const dof = obs.length - fit.p;
  const sigmaAssumed = dof < 2;
  const sigma = sigmaAssumed ? DEFAULT_SIGMA : Math.sqrt(fit.rss / dof);
  return {
    method: short ? 'weekday-mean' : trend ? 'weekday-trend' : 'weekday',
    n: obs.length,
    first,
    last,
    dof: Math.max(dof, 1),
    sigma,
    sigmaAssumed,
    icc: weekIcc(fit.resid),
    deff: designEffect(fit.resid),
    origin: opts.origin,
    dowCol,
    levels,
    trend,
    beta: fit.beta,
    xtxInv: fit.inv,
    trendPerWeek: trend ? fit.beta[levels] : null,
    trendT,
  };
}

export function predict(fit: Fit, day: number): Pred {
  const x = design(fit.dowCol, fit.levels, fit.trend, fit.origin, day);
  const s2 = fit.sigma ** 2;
  return { mean: dot(x, fit.beta), noiseVar: s2, paramVar: s2 * fit.deff * quad(x, fit.xtxInv), dof: fit.dof, x };
}

/** The level of each weekday at the origin (the weekday pattern), for the answer. */
export function weekdayLevels(fit: Fit): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [d, c] of [...fit.dowCol.entries()].sort((a, b) => a[0] - b[0])) out[String(d)] = fit.beta[c];
  return out;
}

// ------------------------------------------------------------------------------------------ the booking curve

/** Bookings of one past day seen at some lead: minutes, days ahead it was first seen, and when it was cancelled. */
export interface LeadRow {
  day: number;
  /** day − local date the service first saw the booking (≥ 0: seen by the end of that many days before) */
  leadCreated: number;
  /** for cancelled sessions: day − local date of the cancellation; null when not cancelled */
  leadCancelled: number | null;
  minutes: number;
}

export interface CurvePoint {
  /** share of the final bookings already booked at this lead (ratio of sums), per weekday and pooled */
  share: Map<number, number>;
  pooledShare: number;
  /** booked rate at this lead on past days: 10th, 50th, 90th percentile, per weekday and pooled */
  booked: Map<number, { p10: number; p50: number; p90: number; n: number }>;
  pooledBooked: { p10: number; p50: number; p90: number; n: number };
  /** RMS of (final − (booked + (1 − share)·f)) on past days: the noise of the pickup forecast at this lead */
  residualSd: number | null;
  days: number;
}

export interface Curve {
  observable: boolean;
  /** past days whose bookings the service saw being made at least one day ahead */
  usableDays: number;
  maxLead: number;
  points: Map<number, CurvePoint>;
  /** first local date the service saw a booking (day number); days before it + lead are censored */
  watchStart: number | null;
  /** booked rate of a past day at a lead (for the backtest), when the service watched it then */
  bookedAt(day: number, lead: number): number | null;
}

export const CURVE_MIN_DAYS = 14;
const CURVE_MIN_DAYS_PER_LEAD = 10;
const CURVE_MIN_DAYS_PER_WEEKDAY = 4;

/**
 * Learns the booking curve from past sessions' booking times. `finalRate` is each past open day's final booked
 * rate (the model's target); `fitted` the history model's in-sample forecast of a day (for the residuals).
 */
export function learnCurve(
  rows: LeadRow[],
  finalRate: Map<number, number>,
  watchStart: number | null,
  maxLead: number,
  fitted: ((day: number) => number) | null,
): Curve {
  // per day: bookedSum[L] for L = 1..maxLead, and the final sum (not cancelled)
  const perDay = new Map<number, { diff: number[]; final: number }>();
  for (const r of rows) {
    let d = perDay.get(r.day);
    if (!d) perDay.set(r.day, (d = { diff: new Array<number>(maxLead + 2).fill(0), final: 0 }));
    if (r.leadCancelled === null) d.final += r.minutes;
    // counted at lead L when first seen by then (leadCreated ≥ L) and not yet cancelled (leadCancelled < L)
    const from = Math.max(1, r.leadCancelled === null ? 1 : r.leadCancelled + 1);
    const to = Math.min(maxLead, r.leadCreated);
    if (from <= to) {
      d.diff[from] += r.minutes;
      d.diff[to + 1] -= r.minutes;
    }
  }
  const booked = new Map<number, number[]>();
  for (const [day, d] of perDay) {
    const arr = new Array<number>(maxLead + 1).fill(0);
    let run = 0;
    for (let L = 1; L <= maxLead; L++) arr[L] = run += d.diff[L];
    booked.set(day, arr);
  }
  const usable = (day: number, L: number) => watchStart !== null && day - L >= watchStart && finalRate.has(day) && (perDay.get(day)?.final ?? 0) > 0;

  const points = new Map<number, CurvePoint>();
  let maxOk = 0;
  const lead1Days = [...finalRate.keys()].filter((d) => usable(d, 1)).length;
  for (let L = 1; L <= maxLead && lead1Days >= CURVE_MIN_DAYS; L++) {
    const days = [...finalRate.keys()].filter((d) => usable(d, L));
    if (days.length < CURVE_MIN_DAYS_PER_LEAD) break;
    const byDow = new Map<number, { num: number; den: number; rates: number[] }>();
    let num = 0;
    let den = 0;
    const rates: number[] = [];
    for (const d of days) {
      const fin = perDay.get(d)!.final;
      const b = booked.get(d)![L];
      const rate = (b / fin) * finalRate.get(d)!;
      num += b;
      den += fin;
      rates.push(rate);
      const w = isoDow(d);
      const g = byDow.get(w) ?? { num: 0, den: 0, rates: [] };
      g.num += b;
      g.den += fin;
      g.rates.push(rate);
      byDow.set(w, g);
    }
    const pooledShare = num / den;
    const share = new Map<number, number>();
    const bookedDist = new Map<number, { p10: number; p50: number; p90: number; n: number }>();
    const dist = (v: number[]) => {
      const s = [...v].sort((a, b) => a - b);
      return { p10: quantile(s, 0.1), p50: quantile(s, 0.5), p90: quantile(s, 0.9), n: s.length };
    };
    for (const [w, g] of byDow) {
      if (g.rates.length < CURVE_MIN_DAYS_PER_WEEKDAY) continue;
      share.set(w, g.num / g.den);
      bookedDist.set(w, dist(g.rates));
    }
    let residualSd: number | null = null;
    if (fitted && days.length >= 5) {
      let ss = 0;
      for (const d of days) {
        const p = share.get(isoDow(d)) ?? pooledShare;
        const b = (booked.get(d)![L] / perDay.get(d)!.final) * finalRate.get(d)!;
        const f = clamp01(fitted(d));
        const fc = clamp(b + Math.max(0, 1 - p) * f, b, 1);
        ss += (finalRate.get(d)! - fc) ** 2;
      }
      residualSd = Math.sqrt(ss / days.length);
    }
    points.set(L, { share, pooledShare, booked: bookedDist, pooledBooked: dist(rates), residualSd, days: days.length });
    maxOk = L;
  }
  return {
    observable: maxOk > 0,
    usableDays: lead1Days,
    maxLead: maxOk,
    points,
    watchStart,
    bookedAt(day, lead) {
      if (lead < 1 || lead > maxLead || !usable(day, lead)) return null;
      return (booked.get(day)![lead] / perDay.get(day)!.final) * finalRate.get(day)!;
    },
  };
}

export function curveShare(curve: Curve, lead: number, dow: number): { share: number; residualSd: number | null } | null {
  const p = curve.points.get(lead);
  if (!p) return null;
  return { share: p.share.get(dow) ?? p.pooledShare, residualSd: p.residualSd };
}

// ------------------------------------------------------------------------------------------ one day's forecast

/** Multipliers of the 80 % and 95 % interval half-widths (calibration from the backtest). */
export interface Scale {
  s80: number;
  s95: number;
}
export const NO_SCALE: Scale = { s80: 1, s95: 1 };

export interface DayForecast {
  /** projected final booked rate */
  rate: number;
  /** the history model's forecast alone (null without history) */
  modelRate: number | null;
  basis: 'pickup' | 'model-floored-by-bookings' | 'bookings-only';
  /** noise sd (rate) and the multiplier k of the shared parameter uncertainty (k·x) */
  noiseSd: number;
  k: number;
  x: number[] | null;
  sd: number;
  dof: number;
  /** widening of the 80 % / 95 % intervals from the backtest (≥ 1) */
  scale80: number;
  scale95: number;
  lo80: number | null;
  hi80: number | null;
  lo95: number | null;
  hi95: number | null;
}

/**
 * Combines the history model, what is booked (rate b) and the booking curve at this lead. The result and its
 * interval never go below b (bookings already made) nor above 1 (a chair cannot be booked twice: booked minutes
 * are the union of scheduled intervals).
 */
export function combine(pred: Pred | null, booked: number, pace: { share: number; residualSd: number | null } | null, scale: Scale = NO_SCALE): DayForecast {
  const b = clamp01(booked);
  if (!pred)
    return {
      rate: b,
      modelRate: null,
      basis: 'bookings-only',
      noiseSd: 0,
      k: 0,
      x: null,
      sd: 0,
      dof: Infinity,
      scale80: 1,
      scale95: 1,
      lo80: null,
      hi80: null,
      lo95: null,
      hi95: null,
    };
  const f = clamp01(pred.mean);
  let rate: number;
  let noiseSd: number;
  let k: number;
  let basis: DayForecast['basis'];
  if (pace) {
    const rest = clamp01(1 - pace.share);
    rate = clamp(b + rest * f, b, 1);
    noiseSd = pace.residualSd ?? rest * Math.sqrt(pred.noiseVar);
    k = rest;
    basis = 'pickup';
  } else {
    rate = Math.max(b, f);
    noiseSd = Math.sqrt(pred.noiseVar);
    k = 1;
    basis = 'model-floored-by-bookings';
  }
  const sd = Math.sqrt(noiseSd ** 2 + k * k * pred.paramVar);
  const t80 = tQuantile(0.9, pred.dof) * scale.s80;
  const t95 = tQuantile(0.975, pred.dof) * scale.s95;
  const lo = (t: number) => clamp(rate - t * sd, b, 1);
  const hi = (t: number) => clamp(rate + t * sd, b, 1);
  return {
    rate,
    modelRate: f,
    basis,
    noiseSd,
    k,
    x: pred.x,
    sd,
    dof: pred.dof,
    scale80: scale.s80,
    scale95: scale.s95,
    lo80: lo(t80),
    hi80: hi(t80),
    lo95: lo(t95),
    hi95: hi(t95),
  };
}

/** P(final rate > threshold) under the day's predictive distribution (normal, floored at what is booked). */
export function exceedProbability(f: DayForecast, booked: number, threshold: number): number {
  if (booked > threshold) return 1;
  const sd = f.sd * f.scale80;
  if (sd <= 0) return f.rate > threshold ? 1 : 0;
  return 1 - normalCdf((threshold - f.rate) / sd);
}

// ------------------------------------------------------------------------------------------ backtest

export interface LeadStats {
  leads: string;
  points: number;
  mae: number | null;
  maeSeasonalNaive: number | null;
  coverage80: number | null;
  coverage95: number | null;
  /** widening applied to the live intervals at these leads (≥ 1): the factor that makes the backtest's standardized errors reach 80 % / 95 % */
  scale80: number;
  scale95: number;
}

export interface BacktestResult {
  origins: number;
  points: number;
  mae: number | null;
  bias: number | null;
  maeSeasonalNaive: number | null;
  /** MAE ÷ in-sample seasonal-naive MAE (lag 7) of the whole history: < 1 beats "same weekday last week" */
  mase: number | null;
  /** MAE ÷ seasonal-naive MAE on the same backtest points */
  relativeMae: number | null;
  /** coverage of the model's own intervals (before the widening) */
  coverage80: number | null;
  coverage95: number | null;
  /** coverage after the widening by lead (in-sample: the widening is learned on these same points) */
  calibratedCoverage80: number | null;
  calibratedCoverage95: number | null;
  byLead: LeadStats[];
  /** the interval widening for a lead */
  scaleFor(lead: number): Scale;
}

const LEAD_BUCKETS: [number, number][] = [
  [1, 7],
  [8, 14],
  [15, 30],
  [31, 60],
  [61, 90],
];
const MAX_ORIGINS = 16;
const MIN_CALIBRATION_POINTS = 20;

/**
 * Rolling-origin backtest: origins every 7 days back from `origin` (at most 16), each with ≥ 4 weeks of history
 * before it; each forecasts the open days origin+1 … origin+horizon that lie before `origin` (the analysis date).
 * A past day's booked rate at a lead comes from the booking curve when the service watched it being booked
 * (else the history model alone is scored). Per lead bucket, the 80 % and 95 % quantiles of |error| ÷ predictive sd
 * give the widening of the live intervals (never a narrowing).
 */
export function backtest(obs: Obs[], origin: number, horizon: number, curve: Curve | null, fitOptions: Omit<FitOptions, 'origin'> = {}): BacktestResult {
  const history = obs.filter((o) => o.day < origin).sort((a, b) => a.day - b.day);
  const byDay = new Map(history.map((o) => [o.day, o.y]));
  const none = () => NO_SCALE;
  const empty: BacktestResult = {
    origins: 0,
    points: 0,
    mae: null,
    bias: null,
    maeSeasonalNaive: null,
    mase: null,
    relativeMae: null,
    coverage80: null,
    coverage95: null,
    calibratedCoverage80: null,
    calibratedCoverage95: null,
    byLead: [],
    scaleFor: none,
  };
  if (!history.length) return empty;
  const first = history[0].day;

  // in-sample seasonal-naive scale: |y_t − y_{t−7}|
  let scaleSum = 0;
  let scaleN = 0;
  for (const o of history) {
    const prev = byDay.get(o.day - 7);
    if (prev !== undefined) {
      scaleSum += Math.abs(o.y - prev);
      scaleN++;
    }
  }
  const naiveScale = scaleN ? scaleSum / scaleN : null;

  type P = { lead: number; y: number; b: number; fc: DayForecast; e: number; eNaive: number | null; z: number };
  const pts: P[] = [];
  let origins = 0;
  for (let k = 1; k <= MAX_ORIGINS; k++) {
    const o = origin - 7 * k;
    if (o - first < MIN_SPAN_DAYS) break;
    const fit = fitHistory(history, { ...fitOptions, origin: o });
    if (!fit || fit.method === 'weekday-mean') break;
    origins++;
    for (const t of history) {
      const lead = t.day - o;
      if (lead < 1 || lead > horizon) continue;
      const pred = predict(fit, t.day);
      const bookedThen = curve?.bookedAt(t.day, lead) ?? null;
      const pace = bookedThen !== null && curve ? curveShare(curve, lead, isoDow(t.day)) : null;
      const fc = combine(pred, bookedThen ?? 0, pace);
      // seasonal naive: the same weekday's last value before the origin
      let naive: number | null = null;
      for (let back = t.day - 7; back > o - 7 * 8; back -= 7) {
        if (back < o && byDay.has(back)) {
          naive = byDay.get(back)!;
          break;
        }
      }
      const e = t.y - fc.rate;
      pts.push({ lead, y: t.y, b: clamp01(bookedThen ?? 0), fc, e, eNaive: naive === null ? null : t.y - naive, z: fc.sd > 0 ? Math.abs(e) / fc.sd : 0 });
    }
  }
  if (!pts.length) return { ...empty, origins };

  const inside = (p: P, s: Scale, level: 80 | 95) => {
    const t = level === 80 ? tQuantile(0.9, p.fc.dof) * s.s80 : tQuantile(0.975, p.fc.dof) * s.s95;
    const lo = Math.max(p.b, p.fc.rate - t * p.fc.sd); // never below what was booked

    const hi = Math.min(1, p.fc.rate + t * p.fc.sd);
    return p.y >= lo - 1e-9 && p.y <= hi + 1e-9;
  };
  const buckets = LEAD_BUCKETS.filter(([lo]) => lo <= horizon).map(([lo, hi]) => ({
    lo,
    hi: Math.min(hi, horizon),
    ps: pts.filter((p) => p.lead >= lo && p.lead <= hi),
  }));
  // widening per bucket; too few points: the previous bucket's (or the pooled one)
  const widen = (ps: P[]): Scale => {
    const zs = ps.map((p) => p.z / tQuantile(0.9, p.fc.dof)).sort((a, b) => a - b);
    const zs95 = ps.map((p) => p.z / tQuantile(0.975, p.fc.dof)).sort((a, b) => a - b);
    return { s80: Math.max(1, quantile(zs, 0.8)), s95: Math.max(1, quantile(zs95, 0.95)) };
  };
  const pooled = widen(pts);
  let prev = pooled;
  const scales = buckets.map((b) => (prev = b.ps.length >= MIN_CALIBRATION_POINTS ? widen(b.ps) : prev));
  const scaleFor = (lead: number): Scale => {
    const i = buckets.findIndex((b) => lead >= b.lo && lead <= b.hi);
    return i >= 0 ? scales[i] : (scales.at(-1) ?? pooled);
  };

  const share = (ps: P[], f: (p: P) => boolean) => (ps.length ? ps.filter(f).length / ps.length : null);
  const maeOf = (ps: P[], k: 'e' | 'eNaive') => {
    const v = ps.filter((p) => p[k] !== null);
    return v.length ? v.reduce((s, p) => s + Math.abs(p[k]!), 0) / v.length : null;
  };
  const paired = pts.filter((p) => p.eNaive !== null);
  const mae = maeOf(pts, 'e');
  const maePaired = maeOf(paired, 'e');
  const maeNaive = maeOf(paired, 'eNaive');
  return {
    origins,
    points: pts.length,
    mae,
    bias: pts.reduce((s, p) => s + p.e, 0) / pts.length,
    maeSeasonalNaive: maeNaive,
    mase: naiveScale && mae !== null ? mae / naiveScale : null,
    relativeMae: maePaired !== null && maeNaive ? maePaired / maeNaive : null,
    coverage80: share(pts, (p) => inside(p, NO_SCALE, 80)),
    coverage95: share(pts, (p) => inside(p, NO_SCALE, 95)),
    calibratedCoverage80: share(pts, (p) => inside(p, scaleFor(p.lead), 80)),
    calibratedCoverage95: share(pts, (p) => inside(p, scaleFor(p.lead), 95)),
    byLead: buckets
      .map((b, i) => ({
        leads: `${b.lo}-${b.hi}`,
        points: b.ps.length,
        mae: maeOf(b.ps, 'e'),
        maeSeasonalNaive: maeOf(
          b.ps.filter((p) => p.eNaive !== null),
          'eNaive',
        ),
        coverage80: share(b.ps, (p) => inside(p, NO_SCALE, 80)),
        coverage95: share(b.ps, (p) => inside(p, NO_SCALE, 95)),
        scale80: scales[i].s80,
        scale95: scales[i].s95,
      }))
      .filter((b) => b.points > 0),
    scaleFor,
  };
}
