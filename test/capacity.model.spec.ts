/**
 * The capacity model (src/capacity/forecast.ts) on synthetic histories with a known weekly pattern and trend.
 * Pure functions: no database. The bounds are stated next to each check.
 */
import { dayNumber, isoDow } from '../src/domain/calendar.js';
import { mulberry32 } from '../scripts/demo/demo-data.js';
import {
  backtest,
  combine,
  curveShare,
  exceedProbability,
  fitHistory,
  learnCurve,
  predict,
  weekIcc,
  type LeadRow,
  type Obs,
} from '../src/capacity/forecast.js';
import { normalCdf, tQuantile } from '../src/domain/statistics.js';

/** mulberry32 + Box–Muller: reproducible noise. */
function rng(seed: number) {
  const u = mulberry32(seed);
  return { u, normal: () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()) };
}

const LEVELS: Record<number, number> = { 1: 0.8, 2: 0.75, 3: 0.6, 4: 0.85, 5: 0.7 };
const ORIGIN = dayNumber('2026-06-01'); // a Monday
/** the noise-free truth: weekday level at the origin + trend per week */
const truth = (day: number, trendPerWeek: number) => LEVELS[isoDow(day)] + (trendPerWeek * (day - ORIGIN)) / 7;

function history(opts: { days: number; trendPerWeek: number; sd: number; weekSd?: number; seed: number }): Obs[] {
  const r = rng(opts.seed);
  const weekShock = new Map<number, number>();
  const out: Obs[] = [];
  for (let day = ORIGIN - opts.days; day < ORIGIN; day++) {
    if (!LEVELS[isoDow(day)]) continue; // closed at weekends
    const w = Math.floor((day + 3) / 7);
    if (!weekShock.has(w)) weekShock.set(w, (opts.weekSd ?? 0) * r.normal());
    out.push({ day, y: truth(day, opts.trendPerWeek) + weekShock.get(w)! + opts.sd * r.normal() });
  }
  return out;
}

describe('numerics', () => {
  it('Student-t quantiles match the tables to 3 decimals (ν ≥ 3), exact for ν = 1, 2', () => {
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.706, 2);
    expect(tQuantile(0.975, 2)).toBeCloseTo(4.303, 3);
    expect(tQuantile(0.9, 3)).toBeCloseTo(1.638, 2);
    expect(tQuantile(0.975, 5)).toBeCloseTo(2.571, 2);
    expect(tQuantile(0.9, 10)).toBeCloseTo(1.372, 3);
    expect(tQuantile(0.975, 30)).toBeCloseTo(2.042, 3);
    expect(tQuantile(0.975, 1e9)).toBeCloseTo(1.96, 3);
  });

  it('normal CDF', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
    expect(normalCdf(-1.281552)).toBeCloseTo(0.1, 5);
  });

  it('within-week correlation: ~0 for independent days, high when weeks move together', () => {
    const iid = history({ days: 140, trendPerWeek: 0, sd: 0.05, seed: 1 }).map((o) => ({ day: o.day, e: o.y - LEVELS[isoDow(o.day)] }));
    expect(weekIcc(iid)).toBeLessThan(0.15);
    const weekly = history({ days: 140, trendPerWeek: 0, sd: 0.01, weekSd: 0.05, seed: 2 }).map((o) => ({ day: o.day, e: o.y - LEVELS[isoDow(o.day)] }));
    expect(weekIcc(weekly)).toBeGreaterThan(0.7);
  });
});

describe('history model: recovers a known weekly pattern and trend', () => {
  it('20 weeks, trend +0.5 points a week, noise sd 0.03: weekday levels within 0.03, trend within 0.002/week, 90-day forecast mean |error| ≤ 0.02, max ≤ 0.05', () => {
    const obs = history({ days: 140, trendPerWeek: 0.005, sd: 0.03, seed: 7 });
    const fit = fitHistory(obs, { origin: ORIGIN })!;
    expect(fit.method).toBe('weekday-trend');
    expect(fit.trendPerWeek!).toBeCloseTo(0.005, 2);
    expect(Math.abs(fit.trendPerWeek! - 0.005)).toBeLessThan(0.002);
    for (const [d, level] of Object.entries(LEVELS)) expect(Math.abs(fit.beta[fit.dowCol.get(Number(d))!] - level)).toBeLessThan(0.03);
    expect(fit.sigma).toBeGreaterThan(0.02);
    expect(fit.sigma).toBeLessThan(0.04);
    const errors: number[] = [];
    for (let day = ORIGIN; day < ORIGIN + 90; day++) if (LEVELS[isoDow(day)]) errors.push(Math.abs(predict(fit, day).mean - truth(day, 0.005)));
    expect(errors.reduce((s, e) => s + e, 0) / errors.length).toBeLessThan(0.02);
    expect(Math.max(...errors)).toBeLessThan(0.05);
  });

  it('no trend in the data: the trend is dropped (|t| < 2) and the levels stay flat', () => {
    const fit = fitHistory(history({ days: 140, trendPerWeek: 0, sd: 0.03, seed: 11 }), { origin: ORIGIN })!;
    expect(fit.method).toBe('weekday');
    expect(fit.trendPerWeek).toBeNull();
    expect(Math.abs(predict(fit, ORIGIN + 80).mean - LEVELS[isoDow(ORIGIN + 80)])).toBeLessThan(0.03);
  });

  it('a weekday never seen gets the mean level (a new opening day), with a wider interval', () => {
    const fit = fitHistory(history({ days: 140, trendPerWeek: 0, sd: 0.03, seed: 3 }), { origin: ORIGIN })!;
    const saturday = ORIGIN + 5;
    const mean = Object.values(LEVELS).reduce((s, v) => s + v, 0) / 5;
    expect(predict(fit, saturday).mean).toBeCloseTo(mean, 1);
  });

  it('under 4 weeks of history: the simple weekday-mean method, no trend', () => {
    const fit = fitHistory(history({ days: 21, trendPerWeek: 0.02, sd: 0.03, seed: 5 }), { origin: ORIGIN })!;
    expect(fit.method).toBe('weekday-mean');
    expect(fit.trend).toBe(false);
    expect(fitHistory([], { origin: ORIGIN })).toBeNull();
    const two = fitHistory([{ day: ORIGIN - 1, y: 0.5 }], { origin: ORIGIN })!;
    expect(two.method).toBe('weekday-mean');
    expect(two.sigmaAssumed).toBe(true);
  });
});

describe('prediction intervals cover what they claim', () => {
  it('out of sample, over 40 synthetic clinics: the 80 % interval covers 75–85 % of the next 90 days, the 95 % one 91–98 %', () => {
    let n = 0;
    let in80 = 0;
    let in95 = 0;
    for (let seed = 100; seed < 140; seed++) {
      const r = rng(seed * 7919);
      const obs = history({ days: 140, trendPerWeek: 0.003, sd: 0.04, seed });
      const fit = fitHistory(obs, { origin: ORIGIN })!;
      for (let day = ORIGIN; day < ORIGIN + 90; day++) {
        if (!LEVELS[isoDow(day)]) continue;
        const y = truth(day, 0.003) + 0.04 * r.normal();
        const f = combine(predict(fit, day), 0, null);
        // the clamp to [0, 1] is not at play: the levels are far from the edges
        n++;
        if (y >= f.lo80! && y <= f.hi80!) in80++;
        if (y >= f.lo95! && y <= f.hi95!) in95++;
      }
    }
    expect(in80 / n).toBeGreaterThan(0.75);
    expect(in80 / n).toBeLessThan(0.85);
    expect(in95 / n).toBeGreaterThan(0.91);
    expect(in95 / n).toBeLessThan(0.98);
  });

  it('the backtest reports about 80 % / 95 % coverage, beats seasonal naive (MASE < 1), and needs no widening on well-specified data', () => {
    const cov80: number[] = [];
    const cov95: number[] = [];
    const mase: number[] = [];
    const rel: number[] = [];
    for (let seed = 200; seed < 220; seed++) {
      const obs = history({ days: 154, trendPerWeek: 0.004, sd: 0.04, seed });
      const bt = backtest(obs, ORIGIN, 60, null);
      expect(bt.origins).toBeGreaterThanOrEqual(10);
      cov80.push(bt.coverage80!);
      cov95.push(bt.coverage95!);
      mase.push(bt.mase!);
      rel.push(bt.relativeMae!);
    }
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    // with independent day noise, "same weekday last week" carries the noise twice: the model's MAE is ~0.8 of it
    expect(mean(mase)).toBeLessThan(1);
    expect(mean(rel)).toBeLessThan(0.9);
    expect(mean(cov80)).toBeGreaterThan(0.72);
    expect(mean(cov80)).toBeLessThan(0.9);
    expect(mean(cov95)).toBeGreaterThan(0.9);
    expect(mean(cov95)).toBeLessThan(0.99);
  });

  it('when errors are larger than the model thinks (a level shift), the backtest widens the intervals and says so', () => {
    // a level drop of 0.15 five weeks before the origin: the model's own intervals undercover
    const obs = history({ days: 154, trendPerWeek: 0, sd: 0.02, seed: 9 }).map((o) => (o.day >= ORIGIN - 35 ? { ...o, y: o.y - 0.15 } : o));
    const bt = backtest(obs, ORIGIN, 30, null);
    expect(bt.coverage80!).toBeLessThan(0.8);
    expect(Math.max(...bt.byLead.map((b) => b.scale80))).toBeGreaterThan(1);
    expect(bt.calibratedCoverage80!).toBeGreaterThanOrEqual(bt.coverage80!);
    expect(bt.scaleFor(5).s80).toBeGreaterThanOrEqual(1);
  });
});

describe('bookings already made', () => {
  const fit = fitHistory(history({ days: 140, trendPerWeek: 0, sd: 0.03, seed: 21 }), { origin: ORIGIN })!;

  it('are never forecast below what is booked: the forecast and both intervals start at the booked rate', () => {
    const day = ORIGIN + 2; // Wednesday, level 0.6
    for (const booked of [0, 0.3, 0.61, 0.8, 0.97, 1]) {
      for (const pace of [null, { share: 0.4, residualSd: 0.05 }, { share: 1.2, residualSd: null }]) {
        const f = combine(predict(fit, day), booked, pace);
        expect(f.rate).toBeGreaterThanOrEqual(booked);
        expect(f.lo80!).toBeGreaterThanOrEqual(booked);
        expect(f.lo95!).toBeGreaterThanOrEqual(booked);
        expect(f.hi95!).toBeLessThanOrEqual(1);
      }
    }
    expect(combine(predict(fit, day), 0.9, null).rate).toBe(0.9);
    expect(exceedProbability(combine(predict(fit, day), 0.95, null), 0.95, 0.9)).toBe(1);
  });

  it('with a booking curve: demand = booked + (1 − share booked by that lead) × forecast', () => {
    const f = combine(predict(fit, ORIGIN + 3), 0.4, { share: 0.5, residualSd: 0.03 }); // Thursday, level 0.85
    expect(f.rate).toBeCloseTo(0.4 + 0.5 * predict(fit, ORIGIN + 3).mean, 6);
    expect(f.basis).toBe('pickup');
    expect(combine(null, 0.4, null)).toMatchObject({ rate: 0.4, basis: 'bookings-only', lo80: null });
  });

  it('learns the share booked by each lead from booking times, per weekday (cancellations count while on the books)', () => {
    // every past day: final 400 minutes; 100 booked 20 days ahead, 100 at 10, 100 at 5, 100 at 1; one more cancelled 3 days before
    const rows: LeadRow[] = [];
    const finalRate = new Map<number, number>();
    for (let day = ORIGIN - 70; day < ORIGIN; day++) {
      if (!LEVELS[isoDow(day)]) continue;
      for (const lead of [20, 10, 5, 1]) rows.push({ day, leadCreated: lead, leadCancelled: null, minutes: 100 });
      rows.push({ day, leadCreated: 15, leadCancelled: 3, minutes: 100 });
      finalRate.set(day, 0.5);
    }
    const curve = learnCurve(rows, finalRate, ORIGIN - 100, 30, () => 0.5);
    expect(curve.observable).toBe(true);
    expect(curveShare(curve, 1, 1)!.share).toBeCloseTo(1, 6);
    expect(curveShare(curve, 2, 1)!.share).toBeCloseTo(0.75, 6); // leads 20, 10, 5 seen; the cancelled one gone
    expect(curveShare(curve, 4, 1)!.share).toBeCloseTo(1, 6); // 20, 10, 5 + the one cancelled later: still on the books
    expect(curveShare(curve, 7, 2)!.share).toBeCloseTo(0.75, 6); // 20, 10 + the one cancelled later (3 < 7)
    expect(curveShare(curve, 12, 3)!.share).toBeCloseTo(0.5, 6); // 20 + cancelled-later
    expect(curveShare(curve, 25, 3)!.share).toBe(0); // nothing is booked that far ahead
    expect(curveShare(curve, 31, 3)).toBeNull(); // beyond the leads learned
    expect(curve.points.get(2)!.pooledBooked.p50).toBeCloseTo(0.375, 6);
    expect(curve.bookedAt(ORIGIN - 3, 2)).toBeCloseTo(0.375, 6);
    expect(curve.bookedAt(ORIGIN - 3, 12)).toBeCloseTo(0.25, 6);
  });

  it('a curve is not learned from days the service did not watch being booked (bulk-loaded history)', () => {
    const rows: LeadRow[] = [];
    const finalRate = new Map<number, number>();
    for (let day = ORIGIN - 70; day < ORIGIN; day++) {
      rows.push({ day, leadCreated: day - ORIGIN, leadCancelled: null, minutes: 100 }); // all seen at the origin (after the day)
      finalRate.set(day, 0.5);
    }
    const curve = learnCurve(rows, finalRate, ORIGIN, 30, null);
    expect(curve.observable).toBe(false);
    expect(curve.bookedAt(ORIGIN - 3, 1)).toBeNull();
  });
});
