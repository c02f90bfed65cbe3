/**
 * Small, dependency-free statistics for the trend route.
 *
 * - Ordinary least squares of y on x (x = the period's index 0, 1, 2, …): slope b = Sxy / Sxx,
 *   intercept a = ȳ − b·x̄, residual variance s² = Σ(y − a − b·x)² / (n − 2), standard error of the slope
 *   SE(b) = √(s² / Sxx); t = b / SE(b) has Student's t distribution with n − 2 degrees of freedom under
 *   "no trend" (independent, normally distributed residuals). Two-sided p-value and the confidence interval
 *   b ± t(1 − α/2, n − 2)·SE(b).
 * - Student's t distribution through the regularized incomplete beta function:
 *   P(|T| > t) = I_{ν/(ν+t²)}(ν/2, 1/2) (Abramowitz & Stegun 26.5.27, 26.7.1), with I_x(a, b) evaluated by
 *   the continued fraction of Numerical Recipes (3rd ed., §6.4, modified Lentz) and ln Γ by the Lanczos
 *   approximation (g = 7, 9 coefficients; relative error below 1e-15). Quantiles by bisection on the CDF.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x); // reflection
  x -= 1;
  let a = LANCZOS[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for I_x(a, b) (Numerical Recipes betacf). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta function I_x(a, b), 0 ≤ x ≤ 1. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // the continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** P(|T| ≥ |t|) for Student's t with df degrees of freedom. */
export function tTwoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** P(T ≤ t). */
export function tCdf(t: number, df: number): number {
  const tail = tTwoSidedP(t, df) / 2;
  return t >= 0 ? 1 - tail : tail;
}

/** The t such that P(T ≤ t) = p (0 < p < 1), by bisection (to 1e-12). */
export function tQuantile(p: number, df: number): number {
  if (p <= 0 || p >= 1) throw new RangeError('p must be in (0, 1)');
  if (p === 0.5) return 0;
  const upper = p > 0.5;
  const target = upper ? 2 * (1 - p) : 2 * p; // two-sided tail probability
  let lo = 0;
  let hi = 1;
  while (tTwoSidedP(hi, df) > target) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (tTwoSidedP(mid, df) > target) lo = mid;
    else hi = mid;
  }
  const q = (lo + hi) / 2;
  return upper ? q : -q;
}

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
 * OLS of ys on xs with a two-sided t-test of the slope at level 1 − confidence. Needs 2 points for a slope and
 * 3 for a test; a perfect fit (zero residuals) is significant whenever the slope is not 0.
 */
export function linearTrend(xs: number[], ys: number[], confidence = 0.95): LinearTrend {
  const n = xs.length;
  const none: LinearTrend = { n, slope: null, intercept: null, standardError: null, tStatistic: null, degreesOfFreedom: null, pValue: null, confidenceInterval: null, significant: false, rSquared: null };
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
    return { n, slope, intercept, standardError: 0, tStatistic: null, degreesOfFreedom: df, pValue: significant ? 0 : 1, confidenceInterval: [slope, slope], significant, rSquared };
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
