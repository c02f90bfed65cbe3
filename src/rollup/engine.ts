import { Prisma } from '../generated/prisma/client.js';
import type { Tx } from '../database/prisma.service.js';
import { computeDaysSql } from './engine-sql.js';
import { ROLLUP_STATEMENTS } from './rollup-sql.js';

export interface ClinicDay {
  clinicId: string;
  /** local date YYYY-MM-DD */
  date: string;
}

export interface DayStats {
  resource_days: number;
  resource_rows_written: number;
  resource_rows_deleted: number;
  hourly_rows_written: number;
  hourly_rows_deleted: number;
  provider_days: number;
  provider_rows_written: number;
  provider_rows_deleted: number;
  session_days: number;
}

/** Computes the daily rows of SPEC §2–3 for a set of clinic-days, inside the caller's transaction. */
export async function computeDays(q: Tx, days: ClinicDay[]): Promise<DayStats> {
  if (!days.length) return emptyStats();
  // JIT compilation of this large statement costs ~0.3 s and saves nothing measurable: off for this transaction
  await q.$executeRaw`SELECT set_config('jit', 'off', true)`;
  const [stats] = await q.$queryRaw<DayStats[]>(
    computeDaysSql(
      days.map((d) => d.clinicId),
      days.map((d) => d.date),
    ),
  );
  return stats;
}

/** Recomputes the day (clinic), week and month rows of every period overlapping [from, to] for the clinics. */
export async function rollupRange(q: Tx, clinicIds: string[], from: string, to: string): Promise<{ written: number; deleted: number }> {
  let written = 0;
  let deleted = 0;
  for (const s of ROLLUP_STATEMENTS) {
    const [r] = await q.$queryRaw<{ written: number; deleted: number }[]>(s.sql(clinicIds, from, to));
    written += r.written;
    deleted += r.deleted;
  }
  return { written, deleted };
}

export function emptyStats(): DayStats {
  return {
    resource_days: 0,
    resource_rows_written: 0,
    resource_rows_deleted: 0,
    hourly_rows_written: 0,
    hourly_rows_deleted: 0,
    provider_days: 0,
    provider_rows_written: 0,
    provider_rows_deleted: 0,
    session_days: 0,
  };
}

/** Rows a computation wrote or deleted (what the statistics upkeep weighs, src/database/stats-upkeep.ts). */
export function rowsChanged(s: DayStats): number {
  return s.resource_rows_written + s.resource_rows_deleted + s.hourly_rows_written + s.hourly_rows_deleted + s.provider_rows_written + s.provider_rows_deleted;
}

export function addStats(a: DayStats, b: DayStats): DayStats {
  const out = { ...a };
  for (const k of Object.keys(out) as (keyof DayStats)[]) out[k] += b[k];
  return out;
}

/** Waits for one clinic's rollup lock (two int4 keys: a namespace and the clinic); $executeRaw (the function returns void). */
export const clinicLockSql = (clinicId: string) => Prisma.sql`SELECT pg_advisory_xact_lock(hashtext('ut:rollup-clinic'), hashtext(${clinicId}))`;
/**
 * Waits for the scheduler's lock; $executeRaw. A replica whose tick comes while another one enqueues waits for that
 * commit, then finds the days enqueued and shares the queue (with a try-lock it would have found nothing yet and idled).
 */
export const SCHEDULER_LOCK_SQL = Prisma.sql`SELECT pg_advisory_xact_lock(hashtext('ut:rollup-scheduler'), 0)`;

/** Local dates from..to inclusive. */
export { dateRange } from '../domain/calendar.js';
