/** Rounding of the figures the answers show (SPEC: rates to 4 decimals, minutes and money to 2). */

/** `v` rounded half up to `digits` decimals; null stays null (a rate without a denominator). */
export const round = (v: number | null, digits = 2): number | null => (v === null || v === undefined ? null : Math.round(v * 10 ** digits) / 10 ** digits);
