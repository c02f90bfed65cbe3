/**
 * The constants of the product rules (SPEC §2–5), each in one place. The engine's SQL (src/rollup/engine-sql.ts and the
 * day fragments of ./day.sql.ts), the OpenAPI descriptions and the texts the service answers interpolate these values,
 * so changing one constant here changes every use. SQL texts take them as literals built once at module load (never
 * from request input): see the `*_SQL` renderings below.
 *
 * src/domain imports no feature folder.
 */

/**
 * SPEC §2 `lateCancelMinutes`: a cancellation is late when it came less than this many hours before the session's
 * scheduled start (exactly 24 hours before is not late).
 */
export const LATE_CANCEL_HOURS = 24;

/**
 * SPEC §2 `avgTurnoverMinutes`: a change of patient counts in the mean turnover time when the pause from one patient's
 * release to the next patient's seating is at most this many minutes (longer pauses are gaps, not turnovers).
 */
export const TURNOVER_MAX_PAUSE_MINUTES = 60;

/**
 * SPEC §2 `shortGapMinutes`: the clinic's minimum bookable slot when it sends none (idle runs shorter than the slot are
 * short gaps). The clinic table's column default (prisma/schema.prisma `minSlotMinutes @default(15)`) says the same;
 * test/rules.e2e.spec.ts keeps the two equal.
 */
export const DEFAULT_MIN_SLOT_MINUTES = 15;

/**
 * SPEC §3 privacy rule: a team distribution (and any team figure: trends, goals, the report's provider section) over
 * fewer than this many providers is suppressed, since it would reveal individuals.
 */
export const MIN_TEAM_PROVIDERS = 3;

// ------------------------------------------------------------------------------------------------ SQL literals
// Built once from the constants above (integers, checked), for interpolation into constant SQL texts.

function sqlInt(n: number, what: string): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${what} must be a non-negative integer, not ${n}`);
  return String(n);
}

/** `interval '24 hours'`: how long before its start a cancellation is late (LATE_CANCEL_HOURS). */
export const LATE_CANCEL_INTERVAL_SQL = `interval '${sqlInt(LATE_CANCEL_HOURS, 'LATE_CANCEL_HOURS')} hours'`;

/** `60`: the longest pause, in minutes, that still counts as a turnover (TURNOVER_MAX_PAUSE_MINUTES). */
export const TURNOVER_MAX_PAUSE_SQL = sqlInt(TURNOVER_MAX_PAUSE_MINUTES, 'TURNOVER_MAX_PAUSE_MINUTES');

// ------------------------------------------------------------------------------------------------ prose
// The rules in words, for descriptions (OpenAPI, DEFINITIONS of the headline, texts of the answers).

/** "less than 24 hours before their scheduled start" */
export const LATE_CANCEL_PROSE = `less than ${LATE_CANCEL_HOURS} hours before their scheduled start`;
/** "at most 60 minutes apart" */
export const TURNOVER_PAUSE_PROSE = `at most ${TURNOVER_MAX_PAUSE_MINUTES} minutes apart`;
/** "fewer than 3 providers" */
export const TEAM_SUPPRESSED_PROSE = `fewer than ${MIN_TEAM_PROVIDERS} providers`;
