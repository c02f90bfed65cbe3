/**
 * The statistics module (src/domain/statistics.ts: the trend route and the capacity forecast use it) against
 * reference values (scipy.stats 1.17: t.ppf, t.cdf, t.sf, special.betainc, linregress), and the period arithmetic.
 */
import { addDays, periodEnd, periodStart, periodStarts, splitByMonths } from '../src/domain/calendar.js';
import { incompleteBeta, lnGamma, linearTrend, tCdf, tQuantile, tTwoSidedP } from '../src/domain/statistics.js';

describe('t distribution and incomplete beta', () => {
  it('ln Γ', () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(lnGamma(100)).toBeCloseTo(359.1342053695754, 9);
  });

  it('regularized incomplete beta', () => {
    expect(incompleteBeta(0.5, 2, 3)).toBeCloseTo(0.6875, 12);
    expect(incompleteBeta(0.3, 0.5, 5)).toBeCloseTo(0.9347377538310915, 10);
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
  });

  it.each([
    [1, 12.706204736174694, 3.0776835371752544],
    [2, 4.302652729749462, 1.8856180831641272],
    [3, 3.1824463052837078, 1.637744353696209],
    [5, 2.5705818356363146, 1.4758840488244815],
    [10, 2.228138851986274, 1.372183641110336],
    [30, 2.0422724563012378, 1.3104150253913955],
    [100, 1.9839715185235518, 1.290074761346516],
  ])('quantiles with %i degrees of freedom', (df, q975, q90) => {
    expect(tQuantile(0.975, df)).toBeCloseTo(q975, 8);
    expect(tQuantile(0.9, df)).toBeCloseTo(q90, 8);
    expect(tQuantile(0.025, df)).toBeCloseTo(-q975, 8);
  });

  it('CDF and two-sided p', () => {
    expect(tCdf(2, 5)).toBeCloseTo(0.9490302605850708, 10);
    expect(tCdf(-1.5, 4)).toBeCloseTo(0.104, 10);
    expect(tTwoSidedP(3.2, 7)).toBeCloseTo(0.015065811342489301, 10);
    expect(tTwoSidedP(2.309401076758503, 3)).toBeCloseTo(0.10408803866182785, 10);
  });
});

describe('ordinary least squares with a t-test of the slope', () => {
  it('matches a worked example (slope 0.8, SE √0.12, p 0.104)', () => {
    const r = linearTrend([0, 1, 2, 3, 4], [1, 3, 2, 5, 4]);
    expect(r.slope).toBeCloseTo(0.8, 12);
    expect(r.intercept).toBeCloseTo(1.4, 12);
    expect(r.standardError).toBeCloseTo(Math.sqrt(0.12), 12);
    expect(r.degreesOfFreedom).toBe(3);
    expect(r.pValue).toBeCloseTo(0.10408803866182785, 10);
    expect(r.significant).toBe(false);
    const t = 3.1824463052837078;
    expect(r.confidenceInterval![0]).toBeCloseTo(0.8 - t * Math.sqrt(0.12), 8);
    expect(r.confidenceInterval![1]).toBeCloseTo(0.8 + t * Math.sqrt(0.12), 8);
  });

  it('matches scipy linregress on a flat noisy series, which is not significant', () => {
    const y = [5.1, 4.8, 5.3, 5.0, 4.9, 5.2, 5.05, 4.95, 5.15, 4.85, 5.1, 4.9];
    const r = linearTrend(
      y.map((_, i) => i),
      y,
    );
    expect(r.slope).toBeCloseTo(-0.006643356643356623, 12);
    expect(r.standardError).toBeCloseTo(0.013120975871647027, 12);
    expect(r.pValue).toBeCloseTo(0.623610043128992, 9);
    expect(r.significant).toBe(false);
  });

  it('handles a perfect line, a constant, and too few points', () => {
    const line = linearTrend([0, 1, 2, 3], [10, 12, 14, 16]);
    expect(line).toMatchObject({ slope: 2, standardError: 0, significant: true, pValue: 0, confidenceInterval: [2, 2] });
    expect(linearTrend([0, 1, 2, 3], [5, 5, 5, 5])).toMatchObject({ slope: 0, significant: false, pValue: 1 });
    expect(linearTrend([0, 1], [1, 2])).toMatchObject({ slope: 1, significant: false, pValue: null, confidenceInterval: null });
    expect(linearTrend([3], [1])).toMatchObject({ slope: null, significant: false });
  });
});

describe('periods', () => {
  it('starts and ends of ISO weeks, months and quarters', () => {
    expect(periodStart('2026-03-01', 'week')).toBe('2026-02-23'); // a Sunday belongs to the week of the Monday before
    expect(periodStart('2026-03-02', 'week')).toBe('2026-03-02');
    expect(periodStart('2026-05-17', 'quarter')).toBe('2026-04-01');
    expect(periodEnd('2024-02-01', 'month')).toBe('2024-02-29');
    expect(periodEnd('2026-10-01', 'quarter')).toBe('2026-12-31');
    expect(periodStarts('2025-12-15', '2026-05-02', 'quarter')).toEqual(['2025-10-01', '2026-01-01', '2026-04-01']);
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('splits a range into whole months and loose edge days', () => {
    expect(splitByMonths('2026-01-15', '2026-04-10')).toEqual({
      days: [
        ['2026-01-15', '2026-01-31'],
        ['2026-04-01', '2026-04-10'],
      ],
      months: ['2026-02-01', '2026-03-01'],
    });
    expect(splitByMonths('2026-01-01', '2026-03-31')).toEqual({ days: [], months: ['2026-01-01', '2026-03-01'] });
    expect(splitByMonths('2026-01-05', '2026-01-20')).toEqual({ days: [['2026-01-05', '2026-01-20']], months: null });
    expect(splitByMonths('2026-01-05', '2026-02-27')).toEqual({ days: [['2026-01-05', '2026-02-27']], months: null });
    expect(splitByMonths('2026-02-01', '2026-02-28')).toEqual({ days: [], months: ['2026-02-01', '2026-02-01'] });
  });
});
