import { BadRequestException, Inject, Injectable, Logger } from '@nestjs/common';
import { ENV, type Env } from '../config/env.js';
import { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import { ROLLUP_TABLES, StatsUpkeep } from '../database/stats-upkeep.js';
import { addStats, clinicLockSql, computeDays, dateRange, emptyStats, rollupRange, rowsChanged, SCHEDULER_LOCK_SQL, type DayStats } from './engine.js';

export interface ProcessResult {
  clinicDays: number;
  stats: DayStats;
  failures: { clinicId: string; message: string }[];
  skippedLocked: string[];
}

/** Clinics per transaction of the scheduled path, at most... */
const DIRTY_BATCH = 250;
/** ...and at least this many batches per worker, so that replicas reading the same candidates find batches to share. */
const DIRTY_SHARES = 4;

/** The SQL that tells, per clinic, through which local date days are over (close of business + grace) as of `asOf` (ISO). */
const dueSql = (asOf: string, graceMinutes: number) => Prisma.sql`
  SELECT c.id AS clinic_id, t.today::text AS today,
    (CASE WHEN ${asOf}::timestamptz >= ut_clinic_close(c.id, t.today) + make_interval(mins => ${graceMinutes}::int) THEN t.today
          WHEN ${asOf}::timestamptz >= ut_clinic_close(c.id, t.today - 1) + make_interval(mins => ${graceMinutes}::int) THEN t.today - 1
          ELSE t.today - 2 END) AS due_through
  FROM clinic c CROSS JOIN LATERAL (SELECT (${asOf}::timestamptz AT TIME ZONE c.time_zone)::date AS today) t`;
/** dueSql for the clinics `clinicIds` only. */
const dueFor = (asOf: string, graceMinutes: number, clinicIds: string[]) => Prisma.sql`${dueSql(asOf, graceMinutes)} WHERE c.id = ANY(${clinicIds}::text[])`;

/** Deletes the dirty marks read (clinic_id, date, marked_at), only if unchanged since. */
const deleteMarksSql = (marks: DirtyMark[]) => Prisma.sql`
  DELETE FROM dirty_day d USING unnest(${marks.map((m) => m.clinic_id)}::text[], ${marks.map((m) => m.date)}::date[], ${marks.map((m) => m.marked_at)}::timestamptz[]) AS x(clinic_id, date, marked_at)
  WHERE d.clinic_id = x.clinic_id AND d.date = x.date AND d.marked_at = x.marked_at`;

interface DirtyMark {
  clinic_id: string;
  date: string;
  marked_at: string;
}

/**
 * Runs the engine: backfills (rollup runs, CLI), and the scheduled job that rolls up each clinic's days once
 * they are over (local close + grace), catches up missed nights, and recomputes days that intake marked dirty.
 * The records of rollup runs (POST/GET /rollups, their heartbeat) are RollupRunsService's; retention is
 * RetentionService's; RollupScheduler calls the three.
 *
 * Concurrency: every write for a clinic happens in a transaction holding that clinic's advisory lock, so two
 * replicas never compute the same clinic-day at once; the scheduled path only tries the lock and leaves a
 * locked clinic to the replica holding it. Replicas share the work: one enqueues the days that are over while the
 * others wait for its commit, then each takes batches of the queue from its own starting point. Dirty marks are
 * deleted only if unchanged since they were read, so a correction that arrives while a day is computed is never lost.
 */
@Injectable()
export class RollupService {
  private readonly logger = new Logger('Rollup');

  constructor(
    private readonly prisma: PrismaService,
    private readonly upkeep: StatsUpkeep,
    @Inject(ENV) private readonly env: Env,
  ) {}

  // ------------------------------------------------------------------ scheduled path

  /** Enqueues every clinic-day that is over and not yet rolled up (missed nights included), then processes the dirty queue. */
  async runScheduled(asOf: Date = new Date(), clinicIds?: string[]): Promise<ProcessResult & { scheduled: number }> {
    const scheduled = await this.prisma.tx(async (q) => {
      // one replica enqueues at a time; the next one waits for that commit, enqueues nothing more, and shares the queue
      await q.$executeRaw(SCHEDULER_LOCK_SQL);
      const rows = await q.$queryRaw<{ n: number }[]>(Prisma.sql`
         WITH due AS (${dueSql(asOf.toISOString(), this.env.ROLLUP_GRACE_MINUTES)}),
         plan AS (
           SELECT due.clinic_id, due.due_through,
             coalesce(s.last_rolled_date + 1,
               greatest(least((c.created_at AT TIME ZONE c.time_zone)::date,
                              (SELECT (min(cs.span_start) AT TIME ZONE c.time_zone)::date FROM chair_session cs WHERE cs.clinic_id = c.id)),
                        due.due_through - ${this.env.RETENTION_DAYS}::int)) AS start_date
           FROM due JOIN clinic c ON c.id = due.clinic_id
           LEFT JOIN clinic_rollup_state s ON s.clinic_id = due.clinic_id
           WHERE ${clinicIds ?? null}::text[] IS NULL OR due.clinic_id = ANY(${clinicIds ?? null}::text[])
         ),
         days AS (
           SELECT p.clinic_id, g::date AS date FROM plan p, generate_series(p.start_date, p.due_through, interval '1 day') g
         ),
         mark AS (
           INSERT INTO dirty_day (clinic_id, date, marked_at) SELECT clinic_id, date, clock_timestamp() FROM days
           ON CONFLICT (clinic_id, date) DO NOTHING RETURNING 1
         ),
         state AS (
           INSERT INTO clinic_rollup_state (clinic_id, last_rolled_date, updated_at) SELECT clinic_id, due_through, now() FROM plan
           ON CONFLICT (clinic_id) DO UPDATE SET last_rolled_date = greatest(clinic_rollup_state.last_rolled_date, EXCLUDED.last_rolled_date), updated_at = now()
           WHERE clinic_rollup_state.last_rolled_date IS DISTINCT FROM greatest(clinic_rollup_state.last_rolled_date, EXCLUDED.last_rolled_date)
         )
         SELECT count(*)::int AS n FROM mark`);
      return rows[0].n;
    });
    const result = await this.upkeep.holding(() => this.processDirty(asOf, clinicIds));
    // after the commits, off the request path: a night that rewrote many rows refreshes the statistics
    void this.upkeep.changed(ROLLUP_TABLES, rowsChanged(result.stats) + scheduled);
    return { ...result, scheduled };
  }

  /**
   * Recomputes every dirty clinic-day whose day is over. Clinics are taken in batches (one statement and one
   * transaction per batch) and each clinic only if its advisory lock is free: a clinic another replica holds is
   * left to it. A batch that fails is retried clinic by clinic, so one bad clinic does not hold up the others.
   */
  async processDirty(asOf: Date = new Date(), clinicIds?: string[]): Promise<ProcessResult> {
    const result: ProcessResult = { clinicDays: 0, stats: emptyStats(), failures: [], skippedLocked: [] };
    const skip = new Set<string>();
    for (;;) {
      const candidates = await this.prisma.$queryRaw<{ clinic_id: string }[]>`
         WITH due AS (${dueSql(asOf.toISOString(), this.env.ROLLUP_GRACE_MINUTES)})
         SELECT DISTINCT d.clinic_id FROM dirty_day d JOIN due ON due.clinic_id = d.clinic_id
         WHERE d.date <= due.due_through AND NOT (d.clinic_id = ANY(${[...skip]}::text[])) AND (${clinicIds ?? null}::text[] IS NULL OR d.clinic_id = ANY(${clinicIds ?? null}::text[]))
         ORDER BY d.clinic_id LIMIT 500`;
      if (!candidates.length) break;
      const ids = candidates.map((c) => c.clinic_id);
      // batches of disjoint clinics; two at a time on PostgreSQL (one per core), one on the single-connection PGlite
      const workers = this.prisma.kind === 'postgres' ? Math.min(2, this.env.DATABASE_POOL_MAX) : 1;
      const batches: string[][] = [];
      const size = Math.max(1, Math.min(DIRTY_BATCH, Math.ceil(ids.length / (workers * DIRTY_SHARES))));
      for (let i = 0; i < ids.length; i += size) batches.push(ids.slice(i, i + size));
      // Replicas share the queue: each starts at its own place in the batches (a random turn), so two replicas that
      // read the same candidates claim different batches; a batch whose locks another replica holds is skipped in
      // one statement and left to it (skippedLocked).
      const turn = Math.floor(Math.random() * batches.length);
      let next = 0;
      const worker = async () => {
        for (let k = next++; k < batches.length; k = next++) await this.processBatchOrEach(asOf, batches[(k + turn) % batches.length], result, skip);
      };
      await Promise.all(Array.from({ length: workers }, worker));
    }
    return result;
  }

  private async processBatchOrEach(asOf: Date, batch: string[], result: ProcessResult, skip: Set<string>): Promise<void> {
    try {
      await this.processBatch(asOf, batch, result, skip);
      return;
    } catch (e) {
      if (batch.length === 1) {
        skip.add(batch[0]);
        result.failures.push({ clinicId: batch[0], message: (e as Error).message });
        this.logger.error(`rollup of clinic ${batch[0]} failed: ${(e as Error).message}`);
        return;
      }
    }
    for (const one of batch) {
      try {
        await this.processBatch(asOf, [one], result, skip);
      } catch (err) {
        skip.add(one);
        result.failures.push({ clinicId: one, message: (err as Error).message });
        this.logger.error(`rollup of clinic ${one} failed: ${(err as Error).message}`);
      }
    }
  }

  /** One transaction: lock what is free of `clinics`, compute their due dirty days, roll up, delete the marks read. */
  private async processBatch(asOf: Date, clinics: string[], result: ProcessResult, skip: Set<string>): Promise<void> {
    const done = await this.prisma.tx(async (q) => {
      const locked = (
        await q.$queryRaw<
          { id: string }[]
        >`SELECT id FROM unnest(${clinics}::text[]) AS id WHERE pg_try_advisory_xact_lock(hashtext('ut:rollup-clinic'), hashtext(id)) ORDER BY id`
      ).map((r) => r.id);
      const marks = locked.length
        ? await q.$queryRaw<DirtyMark[]>`
             WITH due AS (${dueFor(asOf.toISOString(), this.env.ROLLUP_GRACE_MINUTES, locked)})
             SELECT d.clinic_id, d.date::text AS date, d.marked_at::text AS marked_at FROM dirty_day d JOIN due ON due.clinic_id = d.clinic_id
             WHERE d.clinic_id = ANY(${locked}::text[]) AND d.date <= due.due_through ORDER BY d.clinic_id, d.date LIMIT 5000`
        : [];
      if (!marks.length) return { locked, n: 0, stats: emptyStats() };
      const stats = await computeDays(
        q,
        marks.map((m) => ({ clinicId: m.clinic_id, date: m.date })),
      );
      const dates = marks.map((m) => m.date).sort();
      await rollupRange(q, [...new Set(marks.map((m) => m.clinic_id))], dates[0], dates[dates.length - 1]);
      await q.$executeRaw(deleteMarksSql(marks));
      return { locked, n: marks.length, stats };
    });
    for (const c of clinics) {
      if (!done.locked.includes(c)) {
        skip.add(c);
        result.skippedLocked.push(c);
      }
    }
    result.clinicDays += done.n;
    result.stats = addStats(result.stats, done.stats);
  }

  // ------------------------------------------------------------------ backfill

  /**
   * Recomputes [from, to] for the clinics (all when omitted). The work is cut into units of a group of clinics
   * × a run of days (about 1,500 clinic-days each, one statement and one transaction per unit, holding the
   * clinics' locks); `workers` units run at once (default 2 on PostgreSQL, 1 on the single-connection PGlite).
   */
  async backfill(
    req: { clinicIds?: string[]; from: string; to: string; workers?: number },
    onProgress?: (done: number, total: number, failed: number) => void | Promise<void>,
  ): Promise<{ clinicDays: number; failed: number; stats: DayStats; errors: { clinicId: string; dates: string; message: string }[] }> {
    const r = await this.upkeep.holding(() => this.backfillUnits(req, onProgress));
    // a backfill that rewrote many rows has what it touched analysed once it committed (coalesced, in the
    // background); a small one, or a re-run that changed nothing, does not (an ANALYZE per table after every
    // small backfill made a busy machine's backfills ten times slower)
    void this.upkeep.changed(ROLLUP_TABLES, rowsChanged(r.stats));
    return r;
  }

  private async backfillUnits(
    req: { clinicIds?: string[]; from: string; to: string; workers?: number },
    onProgress?: (done: number, total: number, failed: number) => void | Promise<void>,
  ): Promise<{ clinicDays: number; failed: number; stats: DayStats; errors: { clinicId: string; dates: string; message: string }[] }> {
    const clinics = await this.resolveClinics(req.clinicIds);
    const dates = dateRange(req.from, req.to);
    const total = clinics.length * dates.length;
    const chunkDays = Math.min(dates.length, 92);
    const perUnit = Math.max(1, Math.floor(1500 / chunkDays));
    const units: { clinics: string[]; dates: string[] }[] = [];
    for (let d = 0; d < dates.length; d += chunkDays) {
      for (let c = 0; c < clinics.length; c += perUnit) units.push({ clinics: clinics.slice(c, c + perUnit), dates: dates.slice(d, d + chunkDays) });
    }
    const workers = Math.max(1, Math.min(req.workers ?? (this.prisma.kind === 'postgres' ? 2 : 1), this.env.DATABASE_POOL_MAX, units.length || 1));
    let done = 0;
    let failed = 0;
    let stats = emptyStats();
    const errors: { clinicId: string; dates: string; message: string }[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < units.length; i = next++) {
        const unit = units[i];
        const n = unit.clinics.length * unit.dates.length;
        try {
          const s = await this.prisma.tx(async (q) => {
            for (const c of unit.clinics) await q.$executeRaw(clinicLockSql(c));
            const first = unit.dates[0];
            const last = unit.dates[unit.dates.length - 1];
            // dirty marks this unit settles (read before computing, deleted only if unchanged since)
            const marks = await q.$queryRaw<DirtyMark[]>`
              SELECT clinic_id, date::text AS date, marked_at::text AS marked_at FROM dirty_day WHERE clinic_id = ANY(${unit.clinics}::text[]) AND date BETWEEN ${first}::date AND ${last}::date`;
            const r = await computeDays(
              q,
              unit.clinics.flatMap((clinicId) => unit.dates.map((date) => ({ clinicId, date }))),
            );
            await rollupRange(q, unit.clinics, first, last);
            if (marks.length) await q.$executeRaw(deleteMarksSql(marks));
            return r;
          });
          stats = addStats(stats, s);
          done += n;
        } catch (e) {
          failed += n;
          const message = (e as Error).message;
          for (const clinicId of unit.clinics) errors.push({ clinicId, dates: `${unit.dates[0]}..${unit.dates[unit.dates.length - 1]}`, message });
          this.logger.error(`backfill of ${unit.clinics.join(', ')} ${unit.dates[0]}..${unit.dates[unit.dates.length - 1]} failed: ${message}`);
        }
        await onProgress?.(done, total, failed);
      }
    };
    await Promise.all(Array.from({ length: workers }, worker));
    if (!failed && clinics.length) {
      // the nightly job need not redo what a backfill just did: move each clinic's mark forward over days that are over
      await this.prisma.$executeRaw`
        INSERT INTO clinic_rollup_state (clinic_id, last_rolled_date, updated_at)
        SELECT c.id, ${req.to}::date, now() FROM clinic c
        WHERE c.id = ANY(${clinics}::text[]) AND ${req.to}::date < (now() AT TIME ZONE c.time_zone)::date
          AND (SELECT min(d) FROM (SELECT (min(s.span_start) AT TIME ZONE c.time_zone)::date AS d FROM chair_session s WHERE s.clinic_id = c.id) m) >= ${req.from}::date
        ON CONFLICT (clinic_id) DO UPDATE SET last_rolled_date = greatest(clinic_rollup_state.last_rolled_date, EXCLUDED.last_rolled_date), updated_at = now()`;
    }
    return { clinicDays: done, failed, stats, errors };
  }

  /** The clinics named (each must exist); undefined means every clinic, an empty list none. */
  async resolveClinics(clinicIds?: string[]): Promise<string[]> {
    if (clinicIds) {
      const rows = await this.prisma.clinic.findMany({ where: { id: { in: clinicIds } }, select: { id: true }, orderBy: { id: 'asc' } });
      const known = new Set(rows.map((r) => r.id));
      const unknown = clinicIds.filter((c) => !known.has(c));
      if (unknown.length)
        throw new BadRequestException(`Unknown clinic ${unknown.join(', ')}; check the ids (they are the ids posted to /api/v1/ops/intake/clinics)`);
      return rows.map((r) => r.id);
    }
    return (await this.prisma.clinic.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((r) => r.id);
  }
}
