/**
 * The day rules of SPEC §1–2 as SQL fragments, one home each, used by the daily engine (src/rollup/engine-sql.ts), the
 * timeline (src/utilization/timeline.sql.ts) and the capacity queries (src/capacity/capacity.sql.ts). Each takes SQL
 * expressions naming its operands (column references of the caller's statement, never request input) and returns
 * constant SQL text: the engine interpolates it into its text, the Prisma.sql statements wrap it in Prisma.raw.
 *
 * - the hours in force on a local day: the SQL function ut_hours_in_force (prisma/migrations/…_hours_in_force), called
 *   in FROM so the planner inlines it;
 * - which sessions and blocks touch a local day [day_start, day_end): a predicate on the indexed columns
 *   (chair_session (resource_id, span_start), block (resource_id, start_at)), kept inline so each is an index range scan.
 */

/**
 * How far before a day's start a session touching it may begin: its span (chair_session.span_start/span_end, the
 * scheduled and the kept actual times) lasts ≤ 48 h, since a session is scheduled for ≤ 24 h and its actual start is
 * within 24 h of its scheduled start (src/intake/policy.ts, MAX_SESSION_HOURS and PLAUSIBLE_ACTUAL_HOURS).
 */
const SESSION_LOOKBACK = `interval '2 days'`;
/** How far before a day's start a block touching it may begin: blocks last ≤ 31 days (MAX_BLOCK_DAYS), plus a day. */
const BLOCK_LOOKBACK = `interval '32 days'`;

/**
 * `CROSS JOIN LATERAL` this in FROM: one row (windows jsonb, source text) with the local windows in force for the
 * resource (NULL: the clinic-level hours) on the local date: resource exception > clinic exception > resource hours
 * version > clinic hours version. `windows` is NULL when nothing is in force (closed).
 */
export const hoursInForce = (clinicId: string, resourceId: string, date: string): string => `ut_hours_in_force(${clinicId}, ${resourceId}, ${date})`;

/** The chair session `s` (a table alias of chair_session) touches the interval [dayStart, dayEnd). */
export const sessionTouches = (s: string, dayStart: string, dayEnd: string): string =>
  `${s}.span_start >= ${dayStart} - ${SESSION_LOOKBACK} AND ${s}.span_start < ${dayEnd} AND ${s}.span_end > ${dayStart}`;

/** The block `b` (a table alias of block) touches the interval [dayStart, dayEnd). */
export const blockTouches = (b: string, dayStart: string, dayEnd: string): string =>
  `${b}.start_at >= ${dayStart} - ${BLOCK_LOOKBACK} AND ${b}.start_at < ${dayEnd} AND ${b}.end_at > ${dayStart}`;
