/**
 * The statistics of the service, in one place, on maintained libraries: the trend route (src/trends) and the
 * capacity forecast (src/capacity) both use these functions and nothing hand-written of their own.
 *
 * - Distributions: stdlib (`@stdlib/stats-base-dists-*`, `@stdlib/math-base-special-*`; ports of Cephes / Boost,
 *   accurate to a few ulps): Student's t quantile and CDF, the standard normal CDF and quantile, the regularized
 *   incomplete beta function and ln Γ.
 * - Linear algebra: ml-matrix (LU decomposition with partial pivoting) for the inverse of X'X.
 * - Ordinary least squares of y on one x with a t-test of the slope (`linearTrend`): the closed form below.
 *
 * Checked against scipy.stats (t.ppf, t.cdf, t.sf, special.betainc, linregress) in test/trends.stats.spec.ts.
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import betainc from '@stdlib/math-base-special-betainc';
import normalCdfStd from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantileStd from '@stdlib/stats-base-dists-normal-quantile';
import tCdfStd from '@stdlib/stats-base-dists-t-cdf';
import tQuantileStd from '@stdlib/stats-base-dists-t-quantile';
import { LuDecomposition, Matrix } from 'ml-matrix';

// ------------------------------------------------------------------------------------------ special functions

/** ln Γ(x). */
export function lnGamma(x: number): number {
  return gammaln(x);
}

/** Regularized incomplete beta function I_x(a, b), 0 ≤ x ≤ 1. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return betainc(x, a, b);
}

// ------------------------------------------------------------------------------------------ distributions

/** P(Z ≤ x) for the standard normal distribution. */
export function normalCdf(x: number): number {
  return normalCdfStd(x, 0, 1);
}

/** The z such that P(Z ≤ z) = p for the standard normal distribution (0 < p < 1). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('p must be in (0, 1)');
  return normalQuantileStd(p, 0, 1);
}

/** P(T ≤ t) for Student's t with df degrees of freedom (df = ∞: the standard normal). */
export function tCdf(t: number, df: number): number {
  return df === Infinity ? normalCdf(t) : tCdfStd(t, df);
}

/** P(|T| ≥ |t|) for Student's t with df degrees of freedom. */
export function tTwoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0;
  return 2 * tCdf(-Math.abs(t), df);
}

/** Quantiles already computed: the forecast's backtest asks for the same few (p, df) pairs thousands of times. */
const tQuantileCache = new Map<string, number>();

/** The t such that P(T ≤ t) = p (0 < p < 1) for Student's t with df > 0 degrees of freedom (df = ∞: the standard normal). */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('p must be in (0, 1)');
  if (!(df > 0)) throw new RangeError('degrees of freedom must be positive');
  if (p === 0.5) return 0;
  const key = `${p}|${df}`;
  let q = tQuantileCache.get(key);
  if (q === undefined) {
    q = df === Infinity ? normalQuantileStd(p, 0, 1) : tQuantileStd(p, df);
    if (tQuantileCache.size >= 4096) tQuantileCache.clear();
    tQuantileCache.set(key, q);
  }
  return q;
}

// ------------------------------------------------------------------------------------------ linear algebra

/** Smallest |pivot| of the LU decomposition below which a matrix counts as singular. */
const SINGULAR_PIVOT = 1e-12;

/**
 * Inverse of a square matrix (X'X of a least-squares fit) by LU decomposition with partial pivoting; null when a
 * pivot is below 1e-12 in absolute value (singular, or numerically so: a collinear design).
 */
export function invert(m: number[][]): number[][] | null {
  const n = m.length;
  if (n === 0) return [];
  const lu = new LuDecomposition(new Matrix(m));
  const u = lu.upperTriangularMatrix;
  for (let i = 0; i < n; i++) if (!(Math.abs(u.get(i, i)) >= SINGULAR_PIVOT)) return null;
  return lu.solve(Matrix.eye(n, n)).to2DArray();
}

// ------------------------------------------------------------------------------------------ simple regression

export interface LinearTrend {
  /** points used (non-null values) */
  n: number;
  slope: number | null;
  intercept: number | null;
  standardError: number | null;
  tStatistic: number | null;
  degreesOfFreedom: number | null;
  pValue: number | null;
  confidenceInterval: [number, number] | null;
  significant: boolean;
  rSquared: number | null;
}

/**
 * OLS of ys on xs with a two-sided t-test of the slope at level 1 − confidence: slope b = Sxy / Sxx, intercept
 * a = ȳ − b·x̄, residual variance s² = Σ(y − a − b·x)² / (n − 2), SE(b) = √(s² / Sxx); t = b / SE(b) has Student's
 * t distribution with n − 2 degrees of freedom under "no trend" (independent, normally distributed residuals);
 * the confidence interval is b ± t(1 − α/2, n − 2)·SE(b). Needs 2 points for a slope and 3 for a test; a perfect
 * fit (zero residuals) is significant whenever the slope is not 0.
 */
export function linearTrend(xs: number[], ys: number[], confidence = 0.95): LinearTrend {
  const n = xs.length;
  const none: LinearTrend = {
    n,
    slope: null,
    intercept: null,
    standardError: null,
    tStatistic: null,
    degreesOfFreedom: null,
    pValue: null,
    confidenceInterval: null,
    significant: false,
    rSquared: null,
  };
  if (n < 2) return none;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
    syy += (ys[i] - my) ** 2;
  }
  if (sxx === 0) return none;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  if (n < 3) return { ...none, slope, intercept };
  const df = n - 2;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (ys[i] - intercept - slope * xs[i]) ** 2;
  // residuals that are pure floating-point noise count as zero
  if (sse <= 1e-24 * Math.max(1, syy)) sse = 0;
  const se = Math.sqrt(sse / df / sxx);
  const rSquared = syy === 0 ? null : 1 - sse / syy;
  const tCrit = tQuantile(1 - (1 - confidence) / 2, df);
  if (se === 0) {
    const significant = slope !== 0;
    return {
      n,
      slope,
      intercept,
      standardError: 0,
      tStatistic: null,
      degreesOfFreedom: df,
      pValue: significant ? 0 : 1,
      confidenceInterval: [slope, slope],
      significant,
      rSquared,
    };
  }
  const t = slope / se;
  const pValue = tTwoSidedP(t, df);
  return {
    n,
    slope,
    intercept,
    standardError: se,
    tStatistic: t,
    degreesOfFreedom: df,
    pValue,
    confidenceInterval: [slope - tCrit * se, slope + tCrit * se],
    significant: pValue < 1 - confidence,
    rSquared,
  };
}
