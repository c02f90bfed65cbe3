/** Rounding of the figures the answers show (SPEC: rates to 4 decimals, minutes and money to 2), and percentages in prose. */

/** `v` rounded half up to `digits` decimals; null stays null (a rate without a denominator). */
export const round = (v: number | null, digits = 2): number | null => (v === null || v === undefined ? null : Math.round(v * 10 ** digits) / 10 ** digits);

/** The number of a percentage, without the sign: 0.1234 → "12.3" (trailing zeros dropped; -0 reads "0"). */
const percentNumber = (fraction: number, decimals: number): string => String(Math.round(fraction * 100 * 10 ** decimals) / 10 ** decimals + 0);

/**
 * The one way prose shows a percentage: a fraction of 1 as "12.3 %" (a plain space before %, trailing zeros dropped:
 * 0.12 → "12 %"), rounded half up to `decimals`; null as "n/a".
 */
export const percentText = (fraction: number | null, decimals = 1): string => (fraction === null ? 'n/a' : `${percentNumber(fraction, decimals)} %`);

/** A range of fractions as "77–88 %" (one figure when both ends read the same: "5 %"). */
export const percentRangeText = (low: number, high: number, decimals = 1): string => {
  const [a, b] = [percentNumber(low, decimals), percentNumber(high, decimals)];
  return a === b ? `${a} %` : `${a}–${b} %`;
};
