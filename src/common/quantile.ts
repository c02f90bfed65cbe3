/**
 * Quantile of ascending values by linear interpolation between order statistics (Hyndman–Fan type 7, the same
 * definition as PostgreSQL's percentile_cont). NaN for no values.
 */
export function quantile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
